import { z } from 'zod';
import type { EventSpec } from './event-spec';
import { symbolSchema, textSchema } from './fields';

/** Operator commands, as facts: who asked, and why, is part of the audit trail. */

const issued = { issuedBy: textSchema, why: textSchema };
/** A symbol, or null for every symbol. */
const symbolOrAll = symbolSchema.nullable();

export const entriesPausedSchema = z.strictObject({ symbol: symbolOrAll, ...issued });
export type EntriesPausedData = z.infer<typeof entriesPausedSchema>;

export const entriesResumedSchema = z.strictObject({ symbol: symbolOrAll, ...issued });
export type EntriesResumedData = z.infer<typeof entriesResumedSchema>;

/** Close open positions now (exit reason FLATTEN). */
export const flattenRequestedSchema = z.strictObject({ symbol: symbolOrAll, ...issued });
export type FlattenRequestedData = z.infer<typeof flattenRequestedSchema>;

export const haltRequestedSchema = z.strictObject({ ...issued });
export type HaltRequestedData = z.infer<typeof haltRequestedSchema>;

/** Leaves HALTED and rebases the drawdown peak to the equity at that moment (STRATEGY.md). */
export const tradingResumedSchema = z.strictObject({ ...issued });
export type TradingResumedData = z.infer<typeof tradingResumedSchema>;

export const controlEvents = {
  EntriesPaused: { v: 1, data: entriesPausedSchema },
  EntriesResumed: { v: 1, data: entriesResumedSchema },
  FlattenRequested: { v: 1, data: flattenRequestedSchema },
  HaltRequested: { v: 1, data: haltRequestedSchema },
  TradingResumed: { v: 1, data: tradingResumedSchema },
} as const satisfies Record<string, EventSpec>;
