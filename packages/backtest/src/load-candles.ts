import { stat } from 'node:fs/promises';
import type { CandleColumns } from '@mast/core';
import type { SymbolCandles, TimeRange } from './candle-csv-parser';
import { candleFilePath, readCandleFile } from './candle-file';
import { CandleFileError } from './candle-file-error';
import { mergeCandles } from './merge-candles';

export interface LoadedCandles {
  readonly columns: CandleColumns;
  /** Rows kept per symbol, in `symbols` order. */
  readonly rowsPerSymbol: readonly number[];
  readonly files: readonly string[];
}

/**
 * Loads `{SYMBOL}-1m.csv.gz` of every symbol from `dir` (all files at once, so their gunzips run in
 * parallel), keeps the rows in `range` and merges them into processing order.
 * `onProgress(doneBytes, totalBytes)` counts compressed bytes read.
 */
export async function loadCandles(
  dir: string,
  symbols: readonly string[],
  range: TimeRange = {},
  onProgress?: (doneBytes: number, totalBytes: number) => void,
): Promise<LoadedCandles> {
  const files = symbols.map((symbol) => candleFilePath(dir, symbol));
  const sizes = await Promise.all(files.map((file) => fileSize(file)));
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  let doneBytes = 0;
  const onBytes = onProgress
    ? (bytes: number) => {
        doneBytes += bytes;
        onProgress(doneBytes, totalBytes);
      }
    : undefined;
  const perSymbol: SymbolCandles[] = await Promise.all(symbols.map((symbol, i) => readCandleFile(files[i] as string, symbol, range, onBytes)));
  return { columns: mergeCandles(symbols, perSymbol), rowsPerSymbol: perSymbol.map((candles) => candles.length), files };
}

async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new CandleFileError(file, null, null, 'not a file');
    return info.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CandleFileError(file, null, null, 'missing file: every symbol needs its {SYMBOL}-1m.csv.gz in the data folder', { cause: error });
    }
    throw error;
  }
}
