import type { ExitReason } from './events';

/** A closed trade, exactly the fields STRATEGY.md lists, in the order trades close. */
export interface Trade {
  readonly symbol: string;
  /** `T` of the candle that opened it (Te). */
  readonly entryTs: number;
  readonly entryPrice: number;
  readonly exitTs: number;
  readonly exitPrice: number;
  readonly qty: number;
  readonly reason: ExitReason;
  /** Entry fee plus exit fee. */
  readonly fees: number;
  /** Net P&L, after both fees. */
  readonly pnl: number;
}

/** A position still open when the candles ran out: not a trade, reported separately. */
export interface OpenPosition {
  readonly symbol: string;
  readonly entryTs: number;
  readonly entryPrice: number;
  readonly qty: number;
  readonly entryFee: number;
  readonly lastClose: number;
  /** `(E - lastClose) * q`, not included in the final balance. */
  readonly unrealizedPnl: number;
}

export interface FoldResult {
  readonly trades: readonly Trade[];
  readonly openPositions: readonly OpenPosition[];
  readonly initialBalance: number;
  readonly finalBalance: number;
  /** Marked equity after step 4 of each candle, row for row with the input columns. */
  readonly equity: Float64Array;
  /** Drawdown `1 - equity / peak` after step 4 of each candle, row for row with the input. */
  readonly drawdown: Float64Array;
  readonly maxDrawdown: number;
  /** Whether the run ended HALTED. */
  readonly halted: boolean;
  /** How many decisions of each type the rules made (EmaCrossed, EntryRejected, ...). */
  readonly eventCounts: Readonly<Record<string, number>>;
}
