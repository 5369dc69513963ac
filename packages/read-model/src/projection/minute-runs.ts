const MINUTE_MS = 60_000;

/**
 * The minutes a symbol has a candle for, as sorted runs of consecutive minutes: a candle log is
 * almost all one run, so this stays tiny however long the log. A rebuild uses it to tell a
 * repeated candle from a late new one without the candles table's key (built at the end).
 */
export class MinuteRuns {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  get runs(): number {
    return this.starts.length;
  }

  has(ts: number): boolean {
    const i = this.runAtOrBefore(ts);
    return i >= 0 && ts <= this.ends[i]!;
  }

  /** Adds a minute (a multiple of 60,000); returns false if it was there already. */
  add(ts: number): boolean {
    const i = this.runAtOrBefore(ts);
    if (i >= 0 && ts <= this.ends[i]!) return false;
    const joinsPrevious = i >= 0 && this.ends[i]! + MINUTE_MS === ts;
    const joinsNext = i + 1 < this.starts.length && this.starts[i + 1] === ts + MINUTE_MS;
    if (joinsPrevious && joinsNext) {
      this.ends[i] = this.ends[i + 1]!;
      this.starts.splice(i + 1, 1);
      this.ends.splice(i + 1, 1);
    } else if (joinsPrevious) this.ends[i] = ts;
    else if (joinsNext) this.starts[i + 1] = ts;
    else {
      this.starts.splice(i + 1, 0, ts);
      this.ends.splice(i + 1, 0, ts);
    }
    return true;
  }

  /** Index of the last run starting at or before `ts`, -1 if none. */
  private runAtOrBefore(ts: number): number {
    const n = this.starts.length;
    // The usual case: the newest candle, at or after the start of the last run.
    if (n > 0 && this.starts[n - 1]! <= ts) return n - 1;
    let lo = 0;
    let hi = n - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= ts) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
