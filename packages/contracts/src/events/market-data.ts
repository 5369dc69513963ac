import { z } from 'zod';
import type { EventSpec } from './event-spec';
import { MINUTE_MS, minuteAlignedMsSchema, nonNegativeSchema, positiveSchema, symbolSchema, textSchema } from './fields';

/** Market data: what the exchange feed told us, candle by candle. */

export const candleClosedSchema = z
  .strictObject({
    symbol: symbolSchema,
    /** Open time; the candle closes, and decisions are made, at `ts + 60_000`. */
    ts: minuteAlignedMsSchema,
    open: positiveSchema,
    high: positiveSchema,
    low: positiveSchema,
    close: positiveSchema,
    volume: nonNegativeSchema,
  })
  .superRefine((c, ctx) => {
    // Stop-loss and take-profit fills read high, low and open together: a candle whose extremes
    // do not bracket its open and close would fill at prices that never traded.
    if (c.high < c.low) ctx.addIssue({ code: 'custom', path: ['high'], message: `must be >= low (${c.low}), was ${c.high}` });
    else if (c.high < Math.max(c.open, c.close)) ctx.addIssue({ code: 'custom', path: ['high'], message: `must be >= open and close, was ${c.high}` });
    else if (c.low > Math.min(c.open, c.close)) ctx.addIssue({ code: 'custom', path: ['low'], message: `must be <= open and close, was ${c.low}` });
  });
export type CandleClosedData = z.infer<typeof candleClosedSchema>;

/**
 * Candles missing between two candles we have: `fromTs` and `toTs` are the open times of the first
 * and last missing candle, so `missing = (toTs - fromTs) / 60_000 + 1`.
 */
export const candleGapDetectedSchema = z
  .strictObject({
    symbol: symbolSchema,
    fromTs: minuteAlignedMsSchema,
    toTs: minuteAlignedMsSchema,
    missing: z.number().int().positive(),
  })
  .superRefine((g, ctx) => {
    if (g.toTs < g.fromTs) {
      ctx.addIssue({ code: 'custom', path: ['toTs'], message: `must be >= fromTs (${g.fromTs}), was ${g.toTs}` });
      return;
    }
    const expected = (g.toTs - g.fromTs) / MINUTE_MS + 1;
    if (g.missing !== expected) ctx.addIssue({ code: 'custom', path: ['missing'], message: `must be ${expected} for fromTs..toTs, was ${g.missing}` });
  });
export type CandleGapDetectedData = z.infer<typeof candleGapDetectedSchema>;

export const feedConnectedSchema = z.strictObject({ reason: textSchema });
export type FeedConnectedData = z.infer<typeof feedConnectedSchema>;

export const feedDisconnectedSchema = z.strictObject({ reason: textSchema });
export type FeedDisconnectedData = z.infer<typeof feedDisconnectedSchema>;

export const marketDataEvents = {
  CandleClosed: { v: 1, data: candleClosedSchema },
  CandleGapDetected: { v: 1, data: candleGapDetectedSchema },
  FeedConnected: { v: 1, data: feedConnectedSchema },
  FeedDisconnected: { v: 1, data: feedDisconnectedSchema },
} as const satisfies Record<string, EventSpec>;
