import { decisionId, makeEvent, orderRequestId, type MastEvent } from '@mast/contracts';
import { configDifferences, diffDecisions } from './diff-decisions';

const T0 = Date.UTC(2025, 4, 5, 10);
const M = 60_000;
const open = (symbol: string, T: number): MastEvent =>
  makeEvent('OrderRequested', { id: decisionId('OrderRequested', symbol, T, 'OPEN'), ts: T, source: 'risk', data: { requestId: orderRequestId(decisionId('EntrySignalled', symbol, T), 'OPEN'), symbol, T, side: 'SELL', intent: 'OPEN', qty: 0.01, modelPrice: 100, reason: 'ENTRY', takeProfit: 94, stopLoss: 101.5, reduceOnly: false, crossT: T - M, sizeFactor: 1 } });
const close = (symbol: string, T: number, entryT: number, reason: 'STOP_LOSS' | 'TIME_LIMIT'): MastEvent =>
  makeEvent('OrderRequested', { id: decisionId('OrderRequested', symbol, T, `CLOSE-${entryT}`), ts: T, source: 'risk', data: { requestId: orderRequestId(decisionId('OrderRequested', symbol, T, `CLOSE-${entryT}`), 'CLOSE'), symbol, T, side: 'BUY', intent: 'CLOSE', qty: 0.01, modelPrice: 101, reason, reduceOnly: true, entryT } });
const signal = (symbol: string, T: number): MastEvent => makeEvent('EntrySignalled', { id: decisionId('EntrySignalled', symbol, T), ts: T, source: 'signal', data: { symbol, T, crossT: T - M, armedUntil: T + 15 * M, close: 98, emaFast: 99, emaSlow: 100 } });
const rejected = (symbol: string, T: number): MastEvent => makeEvent('EntryRejected', { id: decisionId('EntryRejected', symbol, T), ts: T, source: 'risk', data: { symbol, T, crossT: T - M, reason: 'COOLDOWN' } });
const cooldown = (symbol: string, T: number, until: number): MastEvent => makeEvent('CooldownStarted', { id: decisionId('CooldownStarted', symbol, T, 'QUICK_EXIT'), ts: T, source: 'risk', data: { symbol, T, rule: 'QUICK_EXIT', until } });

test('equal decisions give no difference; each different one is listed with its cause', () => {
  const same = [open('BTCUSDT', T0)];
  // A: stopped out early, then a cooldown rejects the next entry; B: held to the time limit, entered again.
  const a = { signal: [signal('ETHUSDT', T0 + 30 * M)], risk: [...same, close('BTCUSDT', T0 + 20 * M, T0, 'STOP_LOSS'), cooldown('BTCUSDT', T0 + 20 * M, T0 + 80 * M), rejected('BTCUSDT', T0 + 40 * M)] };
  const b = { signal: [signal('ETHUSDT', T0 + 30 * M)], risk: [...same, close('BTCUSDT', T0 + 30 * M, T0, 'TIME_LIMIT'), open('BTCUSDT', T0 + 40 * M)] };
  expect(diffDecisions(a, a, { from: 0, to: Infinity }, {}, {}).differences).toEqual([]);

  const diff = diffDecisions(a, b, { from: 0, to: Infinity }, { exits: { stopLoss: 0.005 } }, { exits: { stopLoss: 0.015 } });
  expect(diff.configDifferences).toEqual(['exits.stopLoss: 0.005 vs 0.015']);
  const byId = new Map(diff.differences.map((d) => [d.id, d]));
  expect(diff.differences).toHaveLength(5);
  const earlyExit = byId.get(decisionId('OrderRequested', 'BTCUSDT', T0 + 20 * M, `CLOSE-${T0}`))!;
  expect(earlyExit.kind).toBe('only-a');
  expect(earlyExit.cause).toContain('B exited this position differently: exit TIME_LIMIT');
  expect(earlyExit.cause).toContain('config differs: exits.stopLoss');
  const rejection = byId.get(decisionId('EntryRejected', 'BTCUSDT', T0 + 40 * M))!;
  expect(rejection.cause).toContain('QUICK_EXIT cooldown');
  expect(rejection.cause).toContain('where B entered');
  const entry = byId.get(decisionId('OrderRequested', 'BTCUSDT', T0 + 40 * M, 'OPEN'))!;
  expect(entry.kind).toBe('only-b');
  expect(entry.cause).toContain('A rejected this entry: COOLDOWN');
});

test('config differences are listed by their dotted path', () => {
  expect(configDifferences({ a: { b: 1, c: [1] }, d: 2 }, { a: { b: 2, c: [1] }, d: 2 })).toEqual(['a.b: 1 vs 2']);
});
