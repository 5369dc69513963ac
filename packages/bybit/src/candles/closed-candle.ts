/** A closed one-minute candle: `ts` is the open time in ms; volume is in the base coin. */
export interface ClosedCandle {
  readonly symbol: string;
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export const ONE_MINUTE_MS = 60_000;
