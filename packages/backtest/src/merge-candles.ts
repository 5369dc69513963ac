import type { CandleColumns } from '@mast/core';
import type { SymbolCandles } from './candle-csv-parser';

/**
 * Merges per-symbol columns into the one sequence STRATEGY.md processes: by `ts`, then by the
 * symbol's index in `symbols`. `perSymbol[i]` holds the candles of `symbols[i]`, each sorted by
 * `ts`. A linear k-way merge: each output row takes the smallest head, ties going to the lower
 * index (symbols are few, so scanning the heads beats a heap).
 */
export function mergeCandles(symbols: readonly string[], perSymbol: readonly SymbolCandles[]): CandleColumns {
  const k = symbols.length;
  if (perSymbol.length !== k) throw new RangeError(`mergeCandles: ${k} symbols but ${perSymbol.length} candle sets`);
  if (k > 256) throw new RangeError('mergeCandles: at most 256 symbols fit the Uint8Array symbol index');
  perSymbol.forEach((candles, i) => {
    if (candles.symbol !== symbols[i]) throw new RangeError(`mergeCandles: candle set ${i} is ${candles.symbol}, expected ${symbols[i]}`);
  });

  let length = 0;
  for (const candles of perSymbol) length += candles.length;
  const symbolIndex = new Uint8Array(length);
  const ts = new Float64Array(length);
  const open = new Float64Array(length);
  const high = new Float64Array(length);
  const low = new Float64Array(length);
  const close = new Float64Array(length);
  const volume = new Float64Array(length);

  const heads = new Int32Array(k);
  const lengths = Int32Array.from(perSymbol, (candles) => candles.length);
  const tsColumns = perSymbol.map((candles) => candles.ts);
  for (let row = 0; row < length; row++) {
    let best = -1;
    let bestTs = Infinity;
    for (let s = 0; s < k; s++) {
      const head = heads[s] as number;
      if (head < (lengths[s] as number)) {
        const t = (tsColumns[s] as Float64Array)[head] as number;
        if (t < bestTs) {
          bestTs = t;
          best = s;
        }
      }
    }
    const source = perSymbol[best] as SymbolCandles;
    const head = heads[best] as number;
    symbolIndex[row] = best;
    ts[row] = bestTs;
    open[row] = source.open[head] as number;
    high[row] = source.high[head] as number;
    low[row] = source.low[head] as number;
    close[row] = source.close[head] as number;
    volume[row] = source.volume[head] as number;
    heads[best] = head + 1;
  }
  return { symbols: [...symbols], length, symbolIndex, ts, open, high, low, close, volume };
}
