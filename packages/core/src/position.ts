/** An open short position, as the risk side books it. */
export interface Position {
  readonly symbol: string;
  readonly symbolIndex: number;
  /** Sell fill after slippage (E). */
  readonly entryPrice: number;
  readonly qty: number;
  /** `T` of the candle that opened it (Te). */
  readonly entryT: number;
  readonly entryFee: number;
  /** The bearish cross this entry used: one entry per cross. */
  readonly crossT: number;
  /** `E * (1 - takeProfit)` and `E * (1 + stopLoss)`, fixed at entry. */
  readonly takeProfit: number;
  readonly stopLoss: number;
}
