import type { Override } from './overrides';

/** What the sweep pool and its workers say to each other (structured-clone messages). */
export interface SweepSetup {
  readonly kind: 'setup';
  readonly symbols: readonly string[];
  readonly length: number;
  /** The candle columns in SharedArrayBuffers: every worker reads the same memory. */
  readonly buffers: Record<'symbolIndex' | 'ts' | 'open' | 'high' | 'low' | 'close' | 'volume', SharedArrayBuffer>;
  /** Overrides every set shares (`--set`), deep-merged under the set's own. */
  readonly base: Record<string, unknown>;
}

export interface SweepJob {
  readonly kind: 'job';
  readonly index: number;
  readonly overrides: readonly Override[];
}

export interface SweepFigures {
  readonly netPnl: number;
  readonly netPnlPct: number;
  readonly trades: number;
  readonly winRate: number | null;
  readonly profitFactor: number | null;
  readonly maxDrawdown: number;
  readonly sharpe: number | null;
  readonly finalBalance: number;
  readonly halted: boolean;
}

export type SweepOutcome =
  | { readonly kind: 'done'; readonly index: number; readonly ms: number; readonly figures: SweepFigures }
  | { readonly kind: 'failed'; readonly index: number; readonly error: string };
