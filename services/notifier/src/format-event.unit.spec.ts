import { EVENT_TYPES, makeEvent } from '@mast/contracts';
import type { EventType } from '@mast/contracts';
import { exampleEvent } from '../../../packages/contracts/test/event-examples';
import { formatEvent } from './format-event';

/** Content and format of every kind, pinned: what an operator reads on the phone. */

const T = 1_700_000_040_000;

const EXPECTED: Partial<Record<EventType, { kind: string; severity: string; text: string }>> = {
  PositionOpened: { kind: 'entry', severity: 'info', text: '📉 Entry BTCUSDT short\n0.191 @ 36500 · TP 34310 · SL 37047.5\nat 2023-11-14 22:14 UTC' },
  PositionClosed: { kind: 'exit', severity: 'warning', text: '❌ Exit BTCUSDT stop-loss: -112.30 USDT\n0.191 @ 36500 → 37047.5 · fees 7.73 · held 30 min\nat 2023-11-14 22:44 UTC' },
  CooldownStarted: { kind: 'cooldown', severity: 'info', text: '⏸ Cooldown BTCUSDT (quick exit) until 2023-11-14 23:14 UTC' },
  DailyLossLocked: { kind: 'daily_loss_lock', severity: 'warning', text: '⚠️ Daily loss lock: no new entries today\nloss -520.00 USDT of day-start equity 10000.00 (equity 9480.00) at 2023-11-14 22:14 UTC' },
  DailyLossUnlocked: { kind: 'daily_loss_lock', severity: 'info', text: '🔓 Daily loss lock lifted at 2023-11-14 22:14 UTC' },
  TradingStateChanged: { kind: 'drawdown_tier', severity: 'warning', text: '📊 Trading state ACTIVE → REDUCING, entries blocked until 2023-11-15 22:14 UTC\ndrawdown 15.10%, equity 8490.00 at 2023-11-14 22:14 UTC' },
  SizeFactorChanged: { kind: 'drawdown_tier', severity: 'warning', text: '📊 Position size ×0.5 (drawdown 10.10%) at 2023-11-14 22:14 UTC' },
  ReconciliationDriftFound: { kind: 'reconciliation', severity: 'warning', text: '🧭 Reconciliation drift ETHUSDT: POSITION_QTY\nlog says 0.5, exchange says 0.4' },
  OrderRejected: { kind: 'order_rejected', severity: 'warning', text: '⛔ Order rejected BTCUSDT (code 110007): ab not enough for new order' },
  MessageDeadLettered: {
    kind: 'dead_letter',
    severity: 'warning',
    text: '🪦 Dead letter on LIVE_EXEC (consumer projection-exec, 1 delivery)\nlive.exec.order.BTCUSDT #42: invalid OrderFilled: data.qty: expected number, received string',
  },
  ServiceStarted: { kind: 'service', severity: 'info', text: '🟢 risk up (risk-7d9f-1, 0.1.0)' },
  ServiceStopped: { kind: 'service', severity: 'warning', text: '🔴 risk down (risk-7d9f-1)' },
  EntriesPaused: { kind: 'control', severity: 'info', text: '🎛 operator:alice paused entries for SOLUSDT: exchange maintenance' },
  EntriesResumed: { kind: 'control', severity: 'info', text: '🎛 operator:alice resumed entries for all symbols: exchange maintenance' },
  FlattenRequested: { kind: 'control', severity: 'warning', text: '🎛 operator:alice asked to flatten all symbols: exchange maintenance' },
  HaltRequested: { kind: 'control', severity: 'critical', text: '🚨 🎛 operator:alice asked to HALT trading: exchange maintenance' },
  TradingResumed: { kind: 'control', severity: 'warning', text: '🎛 operator:alice resumed trading after a halt (drawdown peak rebased): exchange maintenance' },
  OperatorCommandRefused: { kind: 'audit', severity: 'warning', text: '🛡 Refused telegram command from telegram:424242: /halt (unauthorized: user 424242 is not an operator)' },
};

describe('formatEvent', () => {
  it.each(EVENT_TYPES.map((type) => [type]))('%s: the pinned alert, or none', (type) => {
    const alert = formatEvent(exampleEvent(type));
    const expected = EXPECTED[type];
    if (!expected) {
      expect(alert).toBeNull();
      return;
    }
    expect(alert).toMatchObject(expected);
    expect(alert?.id).toBe(exampleEvent(type).id);
  });

  it('makes HALTED a critical halt alert, due at once', () => {
    const halted = makeEvent('TradingStateChanged', { ts: T, source: 'risk', data: { T, from: 'REDUCING', to: 'HALTED', drawdown: 0.2012, equity: 7_988.5, blockedUntil: null } });
    expect(formatEvent(halted)).toMatchObject({
      kind: 'halt',
      severity: 'critical',
      text: '🚨 HALT: trading halted, every position closed\ndrawdown 20.12%, equity 7988.50 at 2023-11-14 22:14 UTC\nNo entry until an operator resumes (/resume halt).',
    });
  });

  it('names each exit reason, with the sign of the P&L', () => {
    const exit = (reason: 'TAKE_PROFIT' | 'TIME_LIMIT' | 'REGIME' | 'EMERGENCY' | 'FLATTEN', pnl: number) =>
      formatEvent(makeEvent('PositionClosed', { ts: T, source: 'execution', data: { symbol: 'SOLUSDT', T, reason, entryT: T - 90 * 60_000, entryPrice: 150.25, exitPrice: 148.5, qty: 12, entryFee: 0.99, exitFee: 0.98, pnl } }));
    expect(exit('TAKE_PROFIT', 19.03)?.text).toBe('✅ Exit SOLUSDT take-profit: +19.03 USDT\n12 @ 150.25 → 148.5 · fees 1.97 · held 1 h 30 min\nat 2023-11-14 22:14 UTC');
    expect(exit('TIME_LIMIT', -1)?.text.split('\n')[0]).toBe('❌ Exit SOLUSDT time limit: -1.00 USDT');
    expect(exit('REGIME', 0)?.text.split('\n')[0]).toBe('✅ Exit SOLUSDT regime change: 0.00 USDT');
    expect(exit('EMERGENCY', -5)).toMatchObject({ severity: 'warning' });
    expect(exit('FLATTEN', 3)?.text.split('\n')[0]).toBe('✅ Exit SOLUSDT flattened by an operator: +3.00 USDT');
  });

  it('keys only true repeats alike: trades by their id, dead letters by stream and consumer', () => {
    const a = exampleEvent('MessageDeadLettered');
    const b = makeEvent('MessageDeadLettered', { ts: T + 1000, source: 'projection', data: { ...a.data, sequence: 43 } });
    expect(formatEvent(a)?.key).toBe(formatEvent(b)?.key);
    expect(formatEvent(a)?.id).not.toBe(formatEvent(b)?.id);
    expect(formatEvent(exampleEvent('PositionClosed'))?.key).toBe(exampleEvent('PositionClosed').id);
  });
});
