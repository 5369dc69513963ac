/**
 * Puts closed candles in the rules' order before they are published. The exchange confirms each
 * symbol's minute on its own schedule; STRATEGY.md processes all symbols' candles of one minute
 * in symbol order, and every service downstream relies on the log being in that order. A
 * minute is released once every symbol's candle for it arrived, or once a later minute arrived
 * for every symbol still missing (that symbol has no candle for it), or at its deadline.
 * A candle older than what was released is late: it is returned as such and never published
 * out of order.
 */
export interface SequencedCandle {
  readonly symbol: string;
  readonly ts: number;
}

export interface CandleSequencer<C extends SequencedCandle> {
  /** Adds a closed candle; returns what is now releasable, in order, and any late candle refused. */
  push(candle: C, now: number): { readonly ready: C[]; readonly late: C | null };
  /** Releases minutes whose deadline passed (call on a timer). */
  flush(now: number): C[];
  /** Open time of the last minute released. */
  readonly releasedTs: number;
}

export function createCandleSequencer<C extends SequencedCandle>(symbols: readonly string[], options: { readonly deadlineMs: number }): CandleSequencer<C> {
  const order = new Map(symbols.map((s, i) => [s, i]));
  /** Pending minutes by open time: the candles received, and when the first of them arrived. */
  const pending = new Map<number, { candles: (C | undefined)[]; firstAt: number }>();
  /** Newest open time received per symbol. */
  const newest = new Map<string, number>();
  let releasedTs = -Infinity;

  const complete = (ts: number, candles: (C | undefined)[]): boolean =>
    symbols.every((symbol, i) => candles[i] !== undefined || (newest.get(symbol) ?? -Infinity) > ts);

  const release = (upTo: (ts: number, entry: { candles: (C | undefined)[]; firstAt: number }) => boolean): C[] => {
    const out: C[] = [];
    for (const ts of [...pending.keys()].sort((a, b) => a - b)) {
      const entry = pending.get(ts)!;
      if (!upTo(ts, entry)) break; // minutes go out in order: a blocked minute holds the later ones
      pending.delete(ts);
      releasedTs = ts;
      for (const candle of entry.candles) if (candle) out.push(candle);
    }
    return out;
  };

  return {
    push(candle, now) {
      const index = order.get(candle.symbol);
      if (index === undefined) throw new RangeError(`${candle.symbol} is not a sequenced symbol`);
      if (candle.ts <= releasedTs) return { ready: [], late: candle };
      let entry = pending.get(candle.ts);
      if (!entry) pending.set(candle.ts, (entry = { candles: new Array<C | undefined>(symbols.length), firstAt: now }));
      entry.candles[index] ??= candle; // a repeated confirmation changes nothing
      newest.set(candle.symbol, Math.max(newest.get(candle.symbol) ?? -Infinity, candle.ts));
      return { ready: release((ts, e) => complete(ts, e.candles)), late: null };
    },
    flush(now) {
      return release((ts, e) => complete(ts, e.candles) || now - e.firstAt >= options.deadlineMs);
    },
    get releasedTs() {
      return releasedTs;
    },
  };
}
