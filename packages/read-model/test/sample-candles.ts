import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Candle } from '@mast/core';

/** The repository's recorded candles (data/sample/{SYMBOL}-1m.csv.gz). */
export const SAMPLE_DIR = join(__dirname, '..', '..', '..', 'data', 'sample');

/**
 * Reads `count` candles per symbol from the start of the sample files and merges them into
 * STRATEGY.md's processing order (by ts, then symbol index). Test data only: no validation
 * beyond the number parse.
 */
export function loadSampleCandles(symbols: readonly string[], count: number, skip = 0): Candle[] {
  const perSymbol = symbols.map((symbol) => {
    const lines = gunzipSync(readFileSync(join(SAMPLE_DIR, `${symbol}-1m.csv.gz`))).toString('utf8').split('\n');
    const candles: Candle[] = [];
    for (let i = 1 + skip; i < lines.length && candles.length < count; i++) {
      const line = lines[i]!.trim();
      if (line.length === 0) continue;
      const [ts, open, high, low, close, volume] = line.split(',').map(Number) as [number, number, number, number, number, number];
      candles.push({ symbol, ts, open, high, low, close, volume });
    }
    return candles;
  });
  const index = new Map(symbols.map((symbol, i) => [symbol, i]));
  return perSymbol.flat().sort((a, b) => a.ts - b.ts || index.get(a.symbol)! - index.get(b.symbol)!);
}
