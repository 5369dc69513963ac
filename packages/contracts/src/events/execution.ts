import { z } from 'zod';
import type { EventSpec } from './event-spec';
import { amountSchema, orderSideSchema, positiveSchema, requestIdSchema, symbolSchema, textSchema } from './fields';
import { positionClosedSchema, positionOpenedSchema } from './risk';

/** Execution: what the exchange did with our order requests, and what we found there. */

export const orderAcceptedSchema = z.strictObject({
  requestId: requestIdSchema,
  orderId: textSchema,
  orderLinkId: requestIdSchema,
  symbol: symbolSchema,
});
export type OrderAcceptedData = z.infer<typeof orderAcceptedSchema>;

export const orderRejectedSchema = z.strictObject({
  requestId: requestIdSchema,
  symbol: symbolSchema,
  /** Bybit's `retCode`; null when the order never reached the exchange. */
  code: z.number().int().nullable(),
  reason: textSchema,
});
export type OrderRejectedData = z.infer<typeof orderRejectedSchema>;

/** One execution (Bybit `execId`); an order may fill in several. */
export const orderFilledSchema = z.strictObject({
  requestId: requestIdSchema,
  orderId: textSchema,
  symbol: symbolSchema,
  side: orderSideSchema,
  qty: positiveSchema,
  price: positiveSchema,
  /** Negative for a maker rebate. */
  fee: amountSchema,
  execId: textSchema,
});
export type OrderFilledData = z.infer<typeof orderFilledSchema>;

export const balanceChangedSchema = z.strictObject({ balance: amountSchema, equity: amountSchema.optional() });
export type BalanceChangedData = z.infer<typeof balanceChangedSchema>;

export const RECONCILIATION_DRIFT_KINDS = [
  /** The log has a position the exchange does not. */
  'POSITION_MISSING',
  /** The exchange has a position the log does not. */
  'POSITION_UNEXPECTED',
  'POSITION_QTY',
  /** An open order on the exchange that no request of ours explains. */
  'ORDER_UNKNOWN',
  /** An open position without its exchange-side take-profit or stop-loss. */
  'PROTECTION_MISSING',
] as const;
export const reconciliationDriftKindSchema = z.enum(RECONCILIATION_DRIFT_KINDS);
export type ReconciliationDriftKind = z.infer<typeof reconciliationDriftKindSchema>;

const observedSchema = z.union([z.number(), z.string(), z.null()]);
export const reconciliationDriftFoundSchema = z.strictObject({
  symbol: symbolSchema,
  kind: reconciliationDriftKindSchema,
  /** What the log says (a quantity, an order id), null for nothing. */
  expected: observedSchema,
  /** What the exchange says. */
  actual: observedSchema,
});
export type ReconciliationDriftFoundData = z.infer<typeof reconciliationDriftFoundSchema>;

/**
 * PositionOpened and PositionClosed are facts once the exchange filled them: the execution service
 * publishes them with the same data as the core's decisions, so a live trade and a backtest trade
 * read alike.
 */
export const executionEvents = {
  OrderAccepted: { v: 1, data: orderAcceptedSchema },
  OrderRejected: { v: 1, data: orderRejectedSchema },
  OrderFilled: { v: 1, data: orderFilledSchema },
  PositionOpened: { v: 1, data: positionOpenedSchema },
  PositionClosed: { v: 1, data: positionClosedSchema },
  BalanceChanged: { v: 1, data: balanceChangedSchema },
  ReconciliationDriftFound: { v: 1, data: reconciliationDriftFoundSchema },
} as const satisfies Record<string, EventSpec>;
