/**
 * 24-hour ticker statistics over completed candles, kept incrementally (monotonic deques for
 * high and low, running sums for volume) so a push costs O(1) even at 'max' speed.
 */
import type { CandleColumns } from '../candles';

const DAY_MS = 86_400_000;

export interface Stats24h {
  high: number;
  low: number;
  volume: number;
  turnover: number;
  /** The price 24 hours ago: the open of the oldest candle in the window. */
  prevPrice: number;
}

export class Rolling24h {
  private readonly maxIdx: number[] = [];
  private readonly minIdx: number[] = [];
  private first = 0;
  private next = 0;
  private volume = 0;
  private turnover = 0;

  constructor(private readonly candles: CandleColumns) {}

  private turnoverOf(i: number): number {
    const c = this.candles;
    return c.volume[i]! * ((c.open[i]! + c.high[i]! + c.low[i]! + c.close[i]!) / 4);
  }

  /** Adds completed candles up to index `upTo` (exclusive) and expires those older than 24 h before `now`. */
  advance(upTo: number, now: number): void {
    const c = this.candles;
    for (; this.next < upTo; this.next++) {
      const i = this.next;
      while (this.maxIdx.length > 0 && c.high[this.maxIdx[this.maxIdx.length - 1]!]! <= c.high[i]!) this.maxIdx.pop();
      this.maxIdx.push(i);
      while (this.minIdx.length > 0 && c.low[this.minIdx[this.minIdx.length - 1]!]! >= c.low[i]!) this.minIdx.pop();
      this.minIdx.push(i);
      this.volume += c.volume[i]!;
      this.turnover += this.turnoverOf(i);
    }
    while (this.first < this.next && c.ts[this.first]! <= now - DAY_MS) {
      this.volume -= c.volume[this.first]!;
      this.turnover -= this.turnoverOf(this.first);
      if (this.maxIdx[0] === this.first) this.maxIdx.shift();
      if (this.minIdx[0] === this.first) this.minIdx.shift();
      this.first++;
    }
  }

  /** Stats over the window plus a forming candle's partial values. */
  stats(forming: { high: number; low: number; volume: number; turnover: number; open: number } | undefined): Stats24h | undefined {
    const c = this.candles;
    const hasWindow = this.first < this.next;
    if (!hasWindow && !forming) return undefined;
    const high = Math.max(hasWindow ? c.high[this.maxIdx[0]!]! : -Infinity, forming?.high ?? -Infinity);
    const low = Math.min(hasWindow ? c.low[this.minIdx[0]!]! : Infinity, forming?.low ?? Infinity);
    return {
      high,
      low,
      volume: this.volume + (forming?.volume ?? 0),
      turnover: this.turnover + (forming?.turnover ?? 0),
      prevPrice: hasWindow ? c.open[this.first]! : forming!.open,
    };
  }
}
