/**
 * Candle series that drive the market: given as rows or columns, kept as Float64Array columns
 * (a year of 1-minute candles is half a million rows; objects per row would cost ~100 MB).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SimulatorConfigError } from './errors';

export const MINUTE_MS = 60_000;

export interface CandleRow {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface CandleColumnsInput {
  ts: ArrayLike<number>;
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
  volume: ArrayLike<number>;
}

/** One symbol's 1-minute candles, oldest first; `ts` is the candle's open time in ms. */
export type CandleSeries = readonly CandleRow[] | CandleColumnsInput;

export interface CandleColumns {
  readonly length: number;
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

const FIELDS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

function isRows(series: CandleSeries): series is readonly CandleRow[] {
  return Array.isArray(series);
}

/** Copies a series into columns and checks it: ts on minute boundaries, strictly increasing, OHLC consistent. */
export function toCandleColumns(symbol: string, series: CandleSeries): CandleColumns {
  const length = isRows(series) ? series.length : series.ts.length;
  const cols = {
    length,
    ts: new Float64Array(length), open: new Float64Array(length), high: new Float64Array(length),
    low: new Float64Array(length), close: new Float64Array(length), volume: new Float64Array(length),
  };
  for (const field of FIELDS) {
    const target = cols[field];
    if (isRows(series)) {
      for (let i = 0; i < length; i++) target[i] = Number(series[i]?.[field]);
    } else {
      const source = series[field];
      if (source.length !== length) throw new SimulatorConfigError(`candles ${symbol}: column ${field} has ${source.length} rows, ts has ${length}`);
      for (let i = 0; i < length; i++) target[i] = Number(source[i]);
    }
  }
  const problems: string[] = [];
  for (let i = 0; i < length && problems.length < 5; i++) {
    const [ts, o, h, l, c, v] = [cols.ts[i]!, cols.open[i]!, cols.high[i]!, cols.low[i]!, cols.close[i]!, cols.volume[i]!];
    if (![ts, o, h, l, c, v].every(Number.isFinite)) problems.push(`row ${i}: non-numeric value`);
    else if (ts % MINUTE_MS !== 0) problems.push(`row ${i}: ts ${ts} is not on a minute boundary`);
    else if (i > 0 && ts <= cols.ts[i - 1]!) problems.push(`row ${i}: ts ${ts} does not increase`);
    else if (h < Math.max(o, c) || l > Math.min(o, c) || l <= 0) problems.push(`row ${i}: inconsistent OHLC ${o}/${h}/${l}/${c}`);
    else if (v < 0) problems.push(`row ${i}: negative volume`);
  }
  if (problems.length > 0) throw new SimulatorConfigError(`candles ${symbol}: ${problems.join('; ')}`);
  return cols;
}

/** Index of the first candle with ts >= `ts` (length when none). */
export function lowerBound(ts: Float64Array, value: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Reads a `ts,open,high,low,close,volume` CSV file, gzipped when the name ends in `.gz`. */
export function loadCandleFile(path: string): CandleColumns {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const lines = text.split('\n');
  const header = (lines[0] ?? '').trim().split(',');
  const index = FIELDS.map((f) => header.indexOf(f));
  if (index.some((i) => i < 0)) throw new SimulatorConfigError(`${path}: header must name ${FIELDS.join(',')}, was ${lines[0]}`);
  const columns: Record<(typeof FIELDS)[number], number[]> = { ts: [], open: [], high: [], low: [], close: [], volume: [] };
  for (let li = 1; li < lines.length; li++) {
    const line = lines[li]!.trim();
    if (line === '') continue;
    const cells = line.split(',');
    FIELDS.forEach((field, fi) => columns[field].push(Number(cells[index[fi]!])));
  }
  return toCandleColumns(path, columns);
}

/** Loads `{SYMBOL}-1m.csv.gz` (or `.csv`) for each symbol from a directory. */
export function loadCandleDir(dir: string, symbols: readonly string[]): Record<string, CandleColumns> {
  const out: Record<string, CandleColumns> = {};
  for (const symbol of symbols) {
    const gz = join(dir, `${symbol}-1m.csv.gz`);
    try {
      out[symbol] = loadCandleFile(gz);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      out[symbol] = loadCandleFile(join(dir, `${symbol}-1m.csv`));
    }
  }
  return out;
}
