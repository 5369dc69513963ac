import { ONE_MINUTE_MS } from './closed-candle';
import type { ClosedCandle } from './closed-candle';

/**
 * The ordering rule of the closed-candle stream for one symbol, as pure functions: candles go
 * out strictly one minute apart, each open time once. Candles that arrive early (after a hole)
 * wait in `pending` until the hole is filled by a REST backfill or declared a gap.
 */
export interface CandleSequence {
  /** Open time of the next candle to emit; undefined until the first candle fixes the start. */
  readonly nextTs: number | undefined;
  /** Candles at or after nextTs that cannot go out yet, ascending, one per ts. */
  readonly pending: readonly ClosedCandle[];
}

export interface SequenceStep {
  readonly sequence: CandleSequence;
  /** To emit now, in this order. */
  readonly emitted: readonly ClosedCandle[];
  /** Candles ignored: duplicates, or older than what was already emitted. */
  readonly dropped: number;
}

export interface CandleGap {
  readonly symbol: string;
  /** First missing open time. */
  readonly fromTs: number;
  /** Last missing open time. */
  readonly toTs: number;
}

export const emptySequence = (nextTs?: number): CandleSequence => ({ nextTs, pending: [] });

/** Adds candles from any source (live push, backfill, in any order) and emits what is ready. */
export function addCandles(sequence: CandleSequence, candles: readonly ClosedCandle[]): SequenceStep {
  const byTs = new Map<number, ClosedCandle>();
  for (const c of sequence.pending) byTs.set(c.ts, c);
  let dropped = 0;
  for (const c of candles) {
    const late = sequence.nextTs !== undefined && c.ts < sequence.nextTs;
    if (late || byTs.has(c.ts) || c.ts % ONE_MINUTE_MS !== 0) {
      dropped += 1;
      continue;
    }
    byTs.set(c.ts, c);
  }
  const pending = [...byTs.values()].sort((a, b) => a.ts - b.ts);
  const step = drain({ nextTs: sequence.nextTs, pending });
  return { ...step, dropped };
}

function drain(sequence: CandleSequence): SequenceStep {
  const emitted: ClosedCandle[] = [];
  let nextTs = sequence.nextTs;
  let i = 0;
  for (; i < sequence.pending.length; i += 1) {
    const c = sequence.pending[i]!;
    if (nextTs !== undefined && c.ts !== nextTs) break;
    emitted.push(c);
    nextTs = c.ts + ONE_MINUTE_MS;
  }
  return { sequence: { nextTs, pending: sequence.pending.slice(i) }, emitted, dropped: 0 };
}

/** The missing open times before the first pending candle, if any. */
export function holeOf(symbol: string, sequence: CandleSequence): CandleGap | undefined {
  const head = sequence.pending[0];
  if (head === undefined || sequence.nextTs === undefined || head.ts <= sequence.nextTs) return undefined;
  return { symbol, fromTs: sequence.nextTs, toTs: head.ts - ONE_MINUTE_MS };
}

/**
 * Gives up on the current hole (the exchange has no candles for it): moves past it and emits
 * what was waiting. Returns the gap that was skipped.
 */
export function skipHole(symbol: string, sequence: CandleSequence): SequenceStep & { readonly gap: CandleGap | undefined } {
  const gap = holeOf(symbol, sequence);
  if (gap === undefined) return { sequence, emitted: [], dropped: 0, gap };
  const step = drain({ nextTs: gap.toTs + ONE_MINUTE_MS, pending: sequence.pending });
  return { ...step, gap };
}
