import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffTrades, loadCandles, tradesToJson } from '@mast/backtest';
import { createPublisher, deleteNamespace, provisionNamespace, type Bus } from '@mast/bus';
import { candleEventId, makeEvent, resolveStrategyConfig } from '@mast/contracts';
import { runFold } from '@mast/core';
import { connectTestBus, NATS_URL } from '../../../packages/bus/test/nats-test-kit';
import { diffDecisions } from '../src/diff-decisions';
import { replayNamespace } from '../src/namespace';
import type { Override } from '../src/overrides';
import { runReplay, type ReplayResult } from '../src/replay-run';
import { readDecisions } from '../src/run-result';
import { ROOT } from '../src/run-dir';
import { namespaceFingerprint } from './stream-fingerprint';

/**
 * Replays of a recorded range through the real signal, risk and execution processes. "Live" is a
 * namespace of this test (t-live-...), recorded by publishing the sample's CandleClosed events.
 */
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const FROM = Date.UTC(2025, 4, 5);
const TO = FROM + 2 * 86_400_000;
// Fast EMAs trade often enough in two days to make the comparison mean something.
const BASE: Override[] = [
  { key: 'ema', value: { fast: 5, slow: 13 } },
  { key: 'entry.maxCrosses24h', value: 200 },
  { key: 'exits.maxHoldMinutes', value: 120 },
];
const suffix = Math.random().toString(16).slice(2, 8);
const liveNs = `t-live-${suffix}`;
const names = [`t${suffix}-a`, `t${suffix}-b`];
let bus: Bus;
let outRoot: string;
let before: Record<string, unknown>;
let base: ReplayResult;

const config = (overrides: readonly Override[]) => resolveStrategyConfig(overrides.reduce<Record<string, unknown>>((acc, o) => {
  const keys = o.key.split('.');
  let node = acc;
  for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
  node[keys.at(-1)!] = o.value;
  return acc;
}, {}));

const replay = (name: string, overrides: Override[]) =>
  runReplay({ name, ns: replayNamespace(name), source: { kind: 'namespace', ns: liveNs }, from: FROM, to: TO, overrides, mode: 'lockstep', natsUrl: NATS_URL, outDir: join(outRoot, name), say: () => undefined });

beforeAll(async () => {
  bus = await connectTestBus('replay-e2e');
  outRoot = mkdtempSync(join(tmpdir(), 'mast-replay-'));
  await provisionNamespace(bus.jsm, liveNs);
  const { columns } = await loadCandles(join(ROOT, 'data', 'sample'), SYMBOLS, { from: FROM, to: TO });
  const events = [];
  for (let i = 0; i < columns.length; i++) {
    const symbol = SYMBOLS[columns.symbolIndex[i]!]!;
    const ts = columns.ts[i]!;
    events.push(makeEvent('CandleClosed', { id: candleEventId(symbol, ts), ts: ts + 60_000, source: 'market-data', data: { symbol, ts, open: columns.open[i]!, high: columns.high[i]!, low: columns.low[i]!, close: columns.close[i]!, volume: columns.volume[i]! } }));
  }
  await createPublisher(bus, { ns: liveNs }).publishMany(events);
  before = await namespaceFingerprint(bus, liveNs);
}, 60_000);

afterAll(async () => {
  for (const name of names) await deleteNamespace(bus.jsm, replayNamespace(name));
  await deleteNamespace(bus.jsm, liveNs);
  await bus.close();
  rmSync(outRoot, { recursive: true, force: true });
});

test('a lockstep replay of the recorded range equals the backtest on the same candles', async () => {
  base = await replay(names[0]!, BASE);
  const { columns } = await loadCandles(join(ROOT, 'data', 'sample'), SYMBOLS, { from: FROM, to: TO });
  const backtest = runFold(columns, config(BASE));
  expect(base.candles).toBe(columns.length);
  expect(backtest.trades.length).toBeGreaterThan(5);
  expect(base.exchangeCloses).toBe(0);
  expect(readFileSync(join(outRoot, names[0]!, 'trades.json'), 'utf8')).toBe(tradesToJson(backtest.trades));
  expect(base.result.finalBalance).toBe(backtest.finalBalance);
  expect([...base.result.equity]).toEqual([...backtest.equity]);
  expect(base.equalsBacktest).toBe(true);
  // Execution traded each decision at the simulated exchange.
  expect(base.executedTrades).toBe(backtest.trades.length);
  for (const file of ['summary.json', 'report.html', 'equity.csv', 'run.json']) expect(existsSync(join(outRoot, names[0]!, file))).toBe(true);
}, 90_000);

test('a parameter change produces exactly the differences the backtest predicts, each with its cause', async () => {
  const changed: Override[] = [...BASE, { key: 'exits.maxHoldMinutes', value: 60 }];
  const run = await replay(names[1]!, changed);
  const { columns } = await loadCandles(join(ROOT, 'data', 'sample'), SYMBOLS, { from: FROM, to: TO });
  const expectedA = runFold(columns, config(BASE));
  const expectedB = runFold(columns, config(changed));
  expect(run.exchangeCloses).toBe(0);
  expect(run.equalsBacktest).toBe(true);
  const expected = diffTrades(expectedA.trades, expectedB.trades);
  expect(expected.length).toBeGreaterThan(0);
  expect(diffTrades(base.result.trades, run.result.trades)).toEqual(expected);

  const diff = diffDecisions(await readDecisions(bus, base.ns), await readDecisions(bus, run.ns), { from: FROM, to: TO }, base.config, run.config);
  expect(diff.configDifferences).toEqual(['exits.maxHoldMinutes: 120 vs 60']);
  const exits = diff.differences.filter((d) => d.type === 'OrderRequested' && (d.a ?? d.b)!.startsWith('exit'));
  expect(exits.length).toBeGreaterThan(0);
  for (const d of exits) expect(d.cause).toContain('exits.maxHoldMinutes');
  // Every trade the backtest says changed shows up as a differing decision of the replay.
  for (const t of expected) expect(diff.differences.some((d) => d.symbol === (t.a ?? t.b)!.symbol && d.T >= (t.a ?? t.b)!.entryTs)).toBe(true);
}, 90_000);

test('the recorded "live" streams are byte for byte unchanged after the replays', async () => {
  expect(base).toBeDefined();
  expect(await namespaceFingerprint(bus, liveNs)).toEqual(before);
}, 60_000);
