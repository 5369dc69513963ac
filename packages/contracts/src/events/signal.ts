import { z } from 'zod';
import { regimeSchema } from '../strategy-config';
import type { EventSpec } from './event-spec';
import { epochMsSchema, MINUTE_MS, nonNegativeSchema, positiveSchema, symbolSchema } from './fields';
import { candleClosedSchema } from './market-data';

/**
 * Signal decisions of the pure core (packages/core/src/events.ts is the source of truth for the
 * field names). `data` is the core decision without its `type`, so a decision maps 1:1.
 * Times are epoch ms; `T` is the close time of the candle that decided.
 */

export const CROSS_DIRECTIONS = ['BEARISH', 'BULLISH'] as const;
export const crossDirectionSchema = z.enum(CROSS_DIRECTIONS);
export type CrossDirection = z.infer<typeof crossDirectionSchema>;

/** Indicator values at a candle; `null` while an indicator is still warming up. */
export const indicatorValuesSchema = z.strictObject({
  emaFast: positiveSchema.nullable(),
  emaSlow: positiveSchema.nullable(),
  rv: nonNegativeSchema.nullable(),
  crosses24h: z.number().int().nonnegative(),
});
export type IndicatorValues = z.infer<typeof indicatorValuesSchema>;

export const emaCrossedSchema = z
  .strictObject({
    symbol: symbolSchema,
    T: epochMsSchema,
    direction: crossDirectionSchema,
    emaFast: positiveSchema,
    emaSlow: positiveSchema,
    /** Crosses of this symbol in `(T - 24h, T]`, this one included. */
    crosses24h: z.number().int().positive(),
  })
  .superRefine((e, ctx) => {
    // A bearish cross leaves fast below slow, a bullish one above (STRATEGY.md section 1).
    const consistent = e.direction === 'BEARISH' ? e.emaFast < e.emaSlow : e.emaFast > e.emaSlow;
    if (!consistent) ctx.addIssue({ code: 'custom', path: ['direction'], message: `${e.direction} needs emaFast ${e.direction === 'BEARISH' ? '<' : '>'} emaSlow, was ${e.emaFast} vs ${e.emaSlow}` });
  });
export type EmaCrossedData = z.infer<typeof emaCrossedSchema>;

export const regimeChangedSchema = z
  .strictObject({
    symbol: symbolSchema,
    T: epochMsSchema,
    from: regimeSchema,
    to: regimeSchema,
    indicators: indicatorValuesSchema,
  })
  .superRefine((e, ctx) => {
    if (e.from === e.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `must differ from from (${e.from})` });
  });
export type RegimeChangedData = z.infer<typeof regimeChangedSchema>;

/** The indicator side of an entry holds: armed, fast < slow, close below both, ACTIVE. */
export const entrySignalledSchema = z
  .strictObject({
    symbol: symbolSchema,
    T: epochMsSchema,
    /** `T` of the bearish cross that armed the symbol; one entry per cross. */
    crossT: epochMsSchema,
    armedUntil: epochMsSchema,
    close: positiveSchema,
    emaFast: positiveSchema,
    emaSlow: positiveSchema,
  })
  .superRefine((e, ctx) => {
    if (e.crossT > e.T) ctx.addIssue({ code: 'custom', path: ['crossT'], message: `must be <= T (${e.T}), was ${e.crossT}` });
    if (e.armedUntil < e.T) ctx.addIssue({ code: 'custom', path: ['armedUntil'], message: `must be >= T (${e.T}), was ${e.armedUntil}` });
    if (!(e.emaFast < e.emaSlow)) ctx.addIssue({ code: 'custom', path: ['emaFast'], message: `must be < emaSlow (${e.emaSlow}), was ${e.emaFast}` });
    else if (!(e.close < e.emaFast)) ctx.addIssue({ code: 'custom', path: ['close'], message: `must be below both EMAs (${e.emaFast}), was ${e.close}` });
  });
export type EntrySignalledData = z.infer<typeof entrySignalledSchema>;

/**
 * The signal service's verdict on one candle, published for every candle it handles. It is the
 * risk service's single ordered input: exits, marking and entries at a candle need that candle
 * and its regime and entry signal together, and two streams (candles, signals) would give no
 * order between them. Sparse signal events (crosses, regime changes, entry signals) are still
 * published for people and the read model.
 */
export const candleAssessedSchema = z
  .strictObject({
    symbol: symbolSchema,
    T: epochMsSchema,
    candle: candleClosedSchema,
    regime: regimeSchema,
    indicators: indicatorValuesSchema,
    /** This candle's entry signal, when the indicator side of an entry holds. */
    entry: entrySignalledSchema.nullable(),
  })
  .superRefine((e, ctx) => {
    if (e.candle.symbol !== e.symbol) ctx.addIssue({ code: 'custom', path: ['candle', 'symbol'], message: `must equal symbol (${e.symbol}), was ${e.candle.symbol}` });
    if (e.T !== e.candle.ts + MINUTE_MS) ctx.addIssue({ code: 'custom', path: ['T'], message: `must be candle.ts + 60000 (${e.candle.ts + MINUTE_MS}), was ${e.T}` });
    if (e.entry && (e.entry.symbol !== e.symbol || e.entry.T !== e.T)) ctx.addIssue({ code: 'custom', path: ['entry'], message: 'must be for the same symbol and T' });
  });
export type CandleAssessedData = z.infer<typeof candleAssessedSchema>;

export const signalEvents = {
  EmaCrossed: { v: 1, data: emaCrossedSchema },
  RegimeChanged: { v: 1, data: regimeChangedSchema },
  EntrySignalled: { v: 1, data: entrySignalledSchema },
  CandleAssessed: { v: 1, data: candleAssessedSchema },
} as const satisfies Record<string, EventSpec>;
