/**
 * Candles as the core reads them. A run over millions of candles keeps them in columns
 * (typed arrays, one row per candle, already in processing order) so the loop allocates nothing
 * per candle; a service handling one candle at a time uses `Candle`.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A closed 1-minute candle; `ts` is its open time, decisions are made at `ts + 60_000`. */
export interface Candle {
  readonly symbol: string;
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/**
 * Candles of several symbols merged in STRATEGY.md's order (by `ts`, then by the symbol's
 * index in `symbols`). Row i is the candle of `symbols[symbolIndex[i]]`.
 */
export interface CandleColumns {
  readonly symbols: readonly string[];
  readonly length: number;
  readonly symbolIndex: Uint8Array;
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** The UTC day number of a candle: `floor(ts / 86_400_000)` of its open time. */
export function dayOf(ts: number): number {
  return Math.floor(ts / DAY_MS);
}

/** The decision time of a candle: its close. */
export function closeTimeOf(ts: number): number {
  return ts + MINUTE_MS;
}
