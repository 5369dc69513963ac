import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCandles, tradesToJson } from '@mast/backtest';
import { deleteNamespace, type Bus } from '@mast/bus';
import { resolveStrategyConfig } from '@mast/contracts';
import { runFold } from '@mast/core';
import { connectTestBus, NATS_URL } from '../../../packages/bus/test/nats-test-kit';
import { replayNamespace } from '../src/namespace';
import { runReplay } from '../src/replay-run';
import { ROOT } from '../src/run-dir';

/** Fast mode from candle files: bursts between the minutes where orders fall, same decisions as the backtest. */
const name = `t${Math.random().toString(16).slice(2, 8)}-fast`;
let bus: Bus;
let outDir: string;

beforeAll(async () => {
  bus = await connectTestBus('replay-fast-e2e');
  outDir = mkdtempSync(join(tmpdir(), 'mast-replay-fast-'));
});

afterAll(async () => {
  await deleteNamespace(bus.jsm, replayNamespace(name));
  await bus.close();
  rmSync(outDir, { recursive: true, force: true });
});

test('a fast replay from candle files decides the backtest\'s trades, each executed at the simulated exchange', async () => {
  const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
  const from = Date.UTC(2025, 4, 6);
  const to = from + 86_400_000;
  const overrides = [{ key: 'ema', value: { fast: 5, slow: 13 } }, { key: 'entry.maxCrosses24h', value: 200 }, { key: 'exits.maxHoldMinutes', value: 120 }];
  const result = await runReplay({ name, ns: replayNamespace(name), source: { kind: 'files', dir: join(ROOT, 'data', 'sample') }, from, to, overrides, mode: 'fast', natsUrl: NATS_URL, outDir, say: () => undefined });
  const { columns } = await loadCandles(join(ROOT, 'data', 'sample'), symbols, { from, to });
  const backtest = runFold(columns, resolveStrategyConfig({ ema: { fast: 5, slow: 13 }, entry: { maxCrosses24h: 200 }, exits: { maxHoldMinutes: 120 } }));
  expect(backtest.trades.length).toBeGreaterThan(3);
  expect(result.exchangeCloses).toBe(0);
  expect(result.refusedEntries).toBe(0);
  expect(readFileSync(join(outDir, 'trades.json'), 'utf8')).toBe(tradesToJson(backtest.trades));
  expect(result.equalsBacktest).toBe(true);
  expect(result.executedTrades).toBe(backtest.trades.length);
}, 90_000);
