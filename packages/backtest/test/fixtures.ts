import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const T0 = Date.UTC(2025, 4, 10);
export const M = 60_000;
export const HEADER = 'ts,open,high,low,close,volume';

/** A valid row of a slow random-free walk: price drifts with the minute so rows differ. */
export function validRow(minute: number, base = 100): string {
  const close = base + (minute % 7) * 0.25;
  return `${T0 + minute * M},${base},${close + 0.5},${base - 0.5},${close},${minute % 13}`;
}

export function csvOf(rows: readonly string[]): string {
  return `${HEADER}\n${rows.join('\n')}\n`;
}

/** Writes `{SYMBOL}-1m.csv.gz` with the given text; returns its path. */
export async function writeCandleFile(dir: string, symbol: string, text: string): Promise<string> {
  const file = join(dir, `${symbol}-1m.csv.gz`);
  await writeFile(file, gzipSync(Buffer.from(text)));
  return file;
}
