/**
 * Test-only loader for the repository's data/sample/{SYMBOL}-1m.csv.gz files
 * (header `ts,open,high,low,close,volume`, one closed 1-minute candle per line).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Candle } from '../../src/candles';

export const SAMPLE_DIR = join(__dirname, '..', '..', '..', '..', 'data', 'sample');

export interface SampleRange {
  /** First candle open time included (default: all). */
  readonly fromTs?: number;
  /** First candle open time excluded (default: all). */
  readonly toTs?: number;
}

/** The candles of one symbol, in file order, restricted to `[fromTs, toTs)`. */
export function loadSampleSymbol(symbol: string, range: SampleRange = {}, dir: string = SAMPLE_DIR): Candle[] {
  const text = gunzipSync(readFileSync(join(dir, `${symbol}-1m.csv.gz`))).toString('utf8');
  const fromTs = range.fromTs ?? -Infinity;
  const toTs = range.toTs ?? Infinity;
  const candles: Candle[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const fields = line.split(',').map(Number);
    if (fields.length !== 6 || fields.some((f) => !Number.isFinite(f))) {
      throw new Error(`${symbol}: bad line ${i + 1}: ${line}`);
    }
    const [ts, open, high, low, close, volume] = fields as [number, number, number, number, number, number];
    if (ts < fromTs || ts >= toTs) continue;
    candles.push({ symbol, ts, open, high, low, close, volume });
  }
  return candles;
}

/** All symbols' candles merged in STRATEGY.md's order: by ts, then by the index in `symbols`. */
export function loadSample(symbols: readonly string[], range: SampleRange = {}, dir: string = SAMPLE_DIR): Candle[] {
  const rank = new Map(symbols.map((symbol, index) => [symbol, index] as const));
  const all = symbols.flatMap((symbol) => loadSampleSymbol(symbol, range, dir));
  return all.sort((a, b) => a.ts - b.ts || rank.get(a.symbol)! - rank.get(b.symbol)!);
}
