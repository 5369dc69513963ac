import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CandleFileError } from '../src/index';
import { isCandleFileError, loadCandles, readCandleFile } from '../src/index';
import { csvOf, M, T0, validRow, writeCandleFile } from './fixtures';

async function rejection(promise: Promise<unknown>): Promise<CandleFileError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isCandleFileError(error)) throw new Error(`expected a CandleFileError, got ${String(error)}`);
  return error;
}

describe('candle files on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mast-candles-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads every symbol, keeps --from/--to and merges them in processing order', async () => {
    await writeCandleFile(dir, 'BTCUSDT', csvOf([0, 1, 2, 3].map((m) => validRow(m, 100_000))));
    await writeCandleFile(dir, 'ETHUSDT', csvOf([1, 2, 4].map((m) => validRow(m, 2_000))));
    const all = await loadCandles(dir, ['ETHUSDT', 'BTCUSDT']);
    expect(all.rowsPerSymbol).toEqual([3, 4]);
    expect([...all.columns.ts].map((t) => (t - T0) / M)).toEqual([0, 1, 1, 2, 2, 3, 4]);
    // ETHUSDT is index 0 here, so it comes first within a minute.
    expect([...all.columns.symbolIndex]).toEqual([1, 0, 1, 0, 1, 1, 0]);
    expect(all.columns.open[0]).toBe(100_000);

    const some = await loadCandles(dir, ['BTCUSDT', 'ETHUSDT'], { from: T0 + M, to: T0 + 3 * M });
    expect(some.rowsPerSymbol).toEqual([2, 2]);
    expect([...some.columns.ts].map((t) => (t - T0) / M)).toEqual([1, 1, 2, 2]);
  });

  it('reports progress in compressed bytes up to the total', async () => {
    await writeCandleFile(dir, 'BTCUSDT', csvOf([0, 1].map((m) => validRow(m))));
    const calls: [number, number][] = [];
    await loadCandles(dir, ['BTCUSDT'], {}, (done, total) => calls.push([done, total]));
    expect(calls.length).toBeGreaterThan(0);
    const [done, total] = calls[calls.length - 1] as [number, number];
    expect(done).toBe(total);
  });

  it('names a missing symbol file', async () => {
    await writeCandleFile(dir, 'BTCUSDT', csvOf([validRow(0)]));
    const error = await rejection(loadCandles(dir, ['BTCUSDT', 'SOLUSDT']));
    expect(error.file).toBe(join(dir, 'SOLUSDT-1m.csv.gz'));
    expect(error.line).toBeNull();
    expect(error.message).toMatch(/SOLUSDT-1m\.csv\.gz: missing file/);
  });

  it('names a file that is not gzip', async () => {
    const file = join(dir, 'BTCUSDT-1m.csv.gz');
    await writeFile(file, 'ts,open,high,low,close,volume\n');
    const error = await rejection(readCandleFile(file, 'BTCUSDT'));
    expect(error.message).toMatch(/not a valid gzip file/);
    expect(error.file).toBe(file);
  });

  it('names file, line and field of a bad row deep in a large file (more than one gunzip chunk)', async () => {
    const rows = Array.from({ length: 40_000 }, (_, m) => validRow(m, 60_000));
    rows[32_000] = rows[32_000]!.replace(/,[\d.]+$/, ',-2'); // negative volume on line 32,002
    const file = await writeCandleFile(dir, 'BTCUSDT', csvOf(rows));
    const error = await rejection(loadCandles(dir, ['BTCUSDT']));
    expect(error).toMatchObject({ name: 'CandleFileError', file, line: 32_002, field: 'volume' });
    expect(error.message).toBe(`${file}:32002 (volume): must not be negative, was -2`);
  });

  it('reads the gzip of a large valid file completely', async () => {
    const rows = Array.from({ length: 40_000 }, (_, m) => validRow(m, 60_000));
    await writeCandleFile(dir, 'BTCUSDT', csvOf(rows));
    const loaded = await loadCandles(dir, ['BTCUSDT']);
    expect(loaded.columns.length).toBe(40_000);
    expect(loaded.columns.ts[39_999]).toBe(T0 + 39_999 * M);
    expect(loaded.columns.close[39_999]).toBe(60_000 + (39_999 % 7) * 0.25);
  });
});
