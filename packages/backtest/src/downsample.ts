import { MINUTE_MS } from '@mast/core';
import type { CandleColumns } from '@mast/core';
// Module-local copies: under tsx (esbuild's CommonJS) an imported binding is a getter call, too
// slow for a loop over millions of rows.
const MINUTE = MINUTE_MS;

/** Points of a line, as two parallel arrays, sorted by x. */
export interface Series {
  readonly x: number[];
  readonly y: number[];
}

/**
 * M4 downsampling: per bucket of x, keep the first, the lowest, the highest and the last point.
 * A line through them draws the same pixels as the full series when there are at least as many
 * buckets as pixel columns, so spikes and dips stay visible at a quarter of the points per bucket.
 * Feed points in x order.
 */
export class M4Downsampler {
  private bucket = Number.NaN;
  private firstX = 0;
  private firstY = 0;
  private minX = 0;
  private minY = 0;
  private maxX = 0;
  private maxY = 0;
  private lastX = 0;
  private lastY = 0;
  readonly x: number[] = [];
  readonly y: number[] = [];

  constructor(
    private readonly origin: number,
    private readonly bucketWidth: number,
  ) {}

  add(x: number, y: number): void {
    const bucket = Math.floor((x - this.origin) / this.bucketWidth);
    if (bucket !== this.bucket) {
      this.flush();
      this.bucket = bucket;
      this.firstX = this.minX = this.maxX = this.lastX = x;
      this.firstY = this.minY = this.maxY = this.lastY = y;
      return;
    }
    if (y < this.minY) {
      this.minY = y;
      this.minX = x;
    }
    if (y > this.maxY) {
      this.maxY = y;
      this.maxX = x;
    }
    this.lastX = x;
    this.lastY = y;
  }

  /** The kept points so far, including the open bucket. */
  finish(): Series {
    this.flush();
    this.bucket = Number.NaN;
    return { x: this.x, y: this.y };
  }

  private flush(): void {
    if (Number.isNaN(this.bucket)) return;
    const points: [number, number][] = [
      [this.firstX, this.firstY],
      [this.minX, this.minY],
      [this.maxX, this.maxY],
      [this.lastX, this.lastY],
    ];
    points.sort((a, b) => a[0] - b[0]);
    let previousX = Number.NaN;
    let previousY = Number.NaN;
    for (const [x, y] of points) {
      if (x === previousX && y === previousY) continue;
      this.x.push(x);
      this.y.push(y);
      previousX = x;
      previousY = y;
    }
  }
}

/** Bucket width so that `[start, end]` splits into at most `maxPoints / 4` M4 buckets. */
export function m4BucketWidth(start: number, end: number, maxPoints: number): number {
  const buckets = Math.max(1, Math.floor(maxPoints / 4));
  return Math.max(1, (end - start) / buckets) * (1 + 1e-12);
}

/** Each symbol's close at its candle close time `T`, M4-downsampled to at most `maxPoints`. */
export function downsampleCloses(columns: CandleColumns, maxPoints: number): Series[] {
  if (columns.length === 0) return columns.symbols.map(() => ({ x: [], y: [] }));
  const start = (columns.ts[0] as number) + MINUTE;
  const end = (columns.ts[columns.length - 1] as number) + MINUTE;
  const width = m4BucketWidth(start, end, maxPoints);
  const samplers = columns.symbols.map(() => new M4Downsampler(start, width));
  const { ts, close, symbolIndex } = columns;
  for (let i = 0; i < columns.length; i++) {
    (samplers[symbolIndex[i] as number] as M4Downsampler).add((ts[i] as number) + MINUTE, close[i] as number);
  }
  return samplers.map((sampler) => sampler.finish());
}

/** A per-row value (equity, drawdown) at candle close time `T`, M4-downsampled to at most `maxPoints`. */
export function downsampleRows(ts: Float64Array, values: Float64Array, maxPoints: number): Series {
  const n = ts.length;
  if (n === 0) return { x: [], y: [] };
  const start = (ts[0] as number) + MINUTE;
  const sampler = new M4Downsampler(start, m4BucketWidth(start, (ts[n - 1] as number) + MINUTE, maxPoints));
  for (let i = 0; i < n; i++) sampler.add((ts[i] as number) + MINUTE, values[i] as number);
  return sampler.finish();
}

/** Steps `equity.csv` may use, finest first. */
export const EQUITY_CSV_STEPS_MINUTES = [1, 5, 15, 60, 240, 1440] as const;
/** Keeps `equity.csv` a few MB: per minute up to ~170 days, per 5 minutes up to ~2.3 years. */
export const EQUITY_CSV_MAX_ROWS = 250_000;

export function equityCsvStepMinutes(spanMs: number, maxRows = EQUITY_CSV_MAX_ROWS): number {
  for (const step of EQUITY_CSV_STEPS_MINUTES) if (spanMs / (step * MINUTE) <= maxRows) return step;
  return 1440;
}

export interface EquityRows {
  readonly stepMinutes: number;
  /** Close time of the last candle in each step. */
  readonly T: Float64Array;
  readonly equity: Float64Array;
  readonly drawdown: Float64Array;
}

/**
 * One row per step of `stepMinutes` (by candle close time, steps aligned to the epoch): the
 * equity and drawdown after the last candle of the step, i.e. of every symbol's candle of that
 * minute. Steps without candles have no row.
 */
export function equityRows(ts: Float64Array, equity: Float64Array, drawdown: Float64Array, stepMinutes: number): EquityRows {
  const n = ts.length;
  const stepMs = stepMinutes * MINUTE;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const step = Math.floor(((ts[i] as number) + MINUTE - 1) / stepMs);
    if (i === n - 1 || Math.floor(((ts[i + 1] as number) + MINUTE - 1) / stepMs) !== step) rows.push(i);
  }
  const T = new Float64Array(rows.length);
  const eq = new Float64Array(rows.length);
  const dd = new Float64Array(rows.length);
  rows.forEach((row, k) => {
    T[k] = (ts[row] as number) + MINUTE;
    eq[k] = equity[row] as number;
    dd[k] = drawdown[row] as number;
  });
  return { stepMinutes, T, equity: eq, drawdown: dd };
}
