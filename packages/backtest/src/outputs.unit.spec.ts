import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenPosition, Trade } from '@mast/core';
import { equityToCsv, openPositionsToJson, TRADE_FIELDS, tradesToCsv, tradesToJson, writeOutputFiles } from './outputs';

const trades: Trade[] = [
  { symbol: 'SOLUSDT', entryTs: 1746441900000, entryPrice: 144.23, exitTs: 1746470100000, exitPrice: 146.39344999999997, qty: 48.5, reason: 'STOP_LOSS', fees: 7.752380528749999, pnl: -112.67970552874918 },
  { symbol: 'BTCUSDT', entryTs: 1746444480000, entryPrice: 103000.5, exitTs: 1746484920000, exitPrice: 96820.47, qty: 0.068, reason: 'TAKE_PROFIT', fees: 7.5, pnl: 412.75 },
];

describe('trades.json', () => {
  it('is an array of exactly the trade fields, in STRATEGY.md order, that reads back to the same values', () => {
    const withExtra = trades.map((t) => ({ ...t, internal: 'x' }));
    const text = tradesToJson(withExtra);
    const parsed = JSON.parse(text) as Record<string, unknown>[];
    expect(parsed).toEqual(trades);
    for (const item of parsed) expect(Object.keys(item)).toEqual([...TRADE_FIELDS]);
    expect(text.split('\n')).toHaveLength(trades.length + 3); // "[", one line per trade, "]", final newline
  });

  it('is [] without trades', () => {
    expect(JSON.parse(tradesToJson([]))).toEqual([]);
  });
});

describe('trades.csv', () => {
  it('has a header row and one row per trade whose numbers read back exactly', () => {
    const lines = tradesToCsv(trades).trimEnd().split('\n');
    expect(lines[0]).toBe('symbol,entryTs,entryPrice,exitTs,exitPrice,qty,reason,fees,pnl');
    expect(lines).toHaveLength(3);
    const cells = (lines[1] as string).split(',');
    expect(cells[0]).toBe('SOLUSDT');
    expect(Number(cells[4])).toBe(146.39344999999997);
    expect(cells[6]).toBe('STOP_LOSS');
    expect(Number(cells[8])).toBe(-112.67970552874918);
    expect(lines[2]).toBe('BTCUSDT,1746444480000,103000.5,1746484920000,96820.47,0.068,TAKE_PROFIT,7.5,412.75');
  });
});

describe('open-positions.json', () => {
  it('lists the open positions with their unrealised P&L', () => {
    const position: OpenPosition = { symbol: 'ETHUSDT', entryTs: 60_000, entryPrice: 2000, qty: 3.5, entryFee: 3.85, lastClose: 1990, unrealizedPnl: 35 };
    expect(JSON.parse(openPositionsToJson([position]))).toEqual([position]);
  });
});

describe('equity.csv', () => {
  it('has T (close time), equity and drawdown per row', () => {
    const text = equityToCsv({ stepMinutes: 1, T: Float64Array.of(60_000, 120_000), equity: Float64Array.of(10_000, 9_950.5), drawdown: Float64Array.of(0, 0.00495) });
    expect(text).toBe('T,equity,drawdown\n60000,10000,0\n120000,9950.5,0.00495\n');
  });
});

describe('writeOutputFiles', () => {
  it('creates the folder and writes each file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mast-outputs-'));
    try {
      const out = join(dir, 'nested', 'run');
      const files = await writeOutputFiles(out, {
        'trades.json': '[]\n',
        'trades.csv': 'a\n',
        'open-positions.json': '[]\n',
        'equity.csv': 'T\n',
        'summary.json': '{}\n',
        'report.html': '<!doctype html>',
      });
      expect(files).toHaveLength(6);
      expect(await readFile(join(out, 'report.html'), 'utf8')).toBe('<!doctype html>');
      expect(await readFile(join(out, 'trades.csv'), 'utf8')).toBe('a\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
