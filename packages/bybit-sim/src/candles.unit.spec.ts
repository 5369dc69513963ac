import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadCandleDir, loadCandleFile, toCandleColumns } from './candles';
import { isSimulatorConfigError } from './errors';

describe('candle files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bybit-sim-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a gzipped CSV by header name, in any column order', () => {
    const csv = 'ts,close,open,high,low,volume\n60000,10.5,10,11,9.5,3\n120000,10,10.5,10.6,9.9,4\n';
    const path = join(dir, 'XUSDT-1m.csv.gz');
    writeFileSync(path, gzipSync(csv));
    const c = loadCandleFile(path);
    expect(c.length).toBe(2);
    expect([...c.ts]).toEqual([60_000, 120_000]);
    expect([...c.open]).toEqual([10, 10.5]);
    expect([...c.close]).toEqual([10.5, 10]);
    expect([...c.volume]).toEqual([3, 4]);
    expect(loadCandleDir(dir, ['XUSDT'])['XUSDT']!.length).toBe(2);
  });

  it('reads the repository sample', () => {
    const c = loadCandleFile(join(__dirname, '..', '..', '..', 'data', 'sample', 'SOLUSDT-1m.csv.gz'));
    expect(c.length).toBeGreaterThan(1000);
    for (let i = 1; i < 100; i++) expect(c.ts[i]! - c.ts[i - 1]!).toBeGreaterThan(0);
  });

  it.each([
    ['a ts off the minute', [{ ts: 1, open: 1, high: 1, low: 1, close: 1, volume: 1 }], /minute boundary/],
    ['decreasing ts', [{ ts: 120_000, open: 1, high: 1, low: 1, close: 1, volume: 1 }, { ts: 60_000, open: 1, high: 1, low: 1, close: 1, volume: 1 }], /does not increase/],
    ['a high below the close', [{ ts: 60_000, open: 1, high: 1, low: 0.5, close: 2, volume: 1 }], /inconsistent OHLC/],
  ])('rejects %s', (_name, rows, message) => {
    let error: unknown;
    try {
      toCandleColumns('XUSDT', rows);
    } catch (err) {
      error = err;
    }
    expect(isSimulatorConfigError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
