import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { seededRandom } from '@mast/contracts';
import { candleFilePath } from '../index';

/**
 * Writes `{SYMBOL}-1m.csv.gz` for each symbol: `rows` 1-minute candles from 2022-01-01 of a
 * log-normal random walk (about 0.08% per minute, like BTC), prices with 2 decimals.
 */
export async function writeRandomWalkFiles(dir: string, symbols: readonly string[], rows: number, seed: number): Promise<void> {
  const start = Date.UTC(2022, 0, 1);
  const random = seededRandom(seed);
  const gaussian = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  for (const [index, symbol] of symbols.entries()) {
    const gzip = createGzip();
    const file = createWriteStream(candleFilePath(dir, symbol));
    gzip.pipe(file);
    let close = [46_000, 3_700, 170][index % 3] as number;
    const round = (v: number): number => Math.round(v * 100) / 100;
    let chunk: string[] = ['ts,open,high,low,close,volume'];
    for (let i = 0; i < rows; i++) {
      const open = close;
      close = round(open * Math.exp(gaussian() * 0.0008));
      const high = round(Math.max(open, close) * (1 + Math.abs(gaussian()) * 0.0003));
      const low = round(Math.min(open, close) * (1 - Math.abs(gaussian()) * 0.0003));
      chunk.push(`${start + i * 60_000},${open},${Math.max(high, open, close)},${Math.min(low, open, close)},${close},${round(random() * 500)}`);
      if (chunk.length === 65_536) {
        if (!gzip.write(`${chunk.join('\n')}\n`)) await once(gzip, 'drain');
        chunk = [];
      }
    }
    gzip.end(chunk.length > 0 ? `${chunk.join('\n')}\n` : '');
    await once(file, 'close');
  }
}
