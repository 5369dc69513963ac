import { makeEvent, orderRequestId } from '@mast/contracts';
import type { EventFields, EventOf, EventType } from '@mast/contracts';

/** One valid example of every event type, for the contracts' own tests. */

const MINUTE = 60_000;
/** A candle close on the minute grid (2023-11-14T22:14:00Z). */
export const T = 1_700_000_040_000;
const E0 = 36_500;

const issued = { issuedBy: 'operator:alice', why: 'exchange maintenance' };

export const EXAMPLE_FIELDS: { readonly [K in EventType]: EventFields<K> } = {
  CandleClosed: { ts: T, source: 'market-data', data: { symbol: 'BTCUSDT', ts: T - MINUTE, open: 36_510, high: 36_530, low: 36_480, close: 36_500, volume: 12.5 } },
  CandleGapDetected: { ts: T, source: 'market-data', data: { symbol: 'ETHUSDT', fromTs: T - 4 * MINUTE, toTs: T - 2 * MINUTE, missing: 3 } },
  FeedConnected: { ts: T, source: 'market-data', data: { reason: 'start' } },
  FeedDisconnected: { ts: T, source: 'market-data', data: { reason: 'pong timeout after 20 s' } },
  EmaCrossed: { ts: T, source: 'signal', data: { symbol: 'BTCUSDT', T, direction: 'BEARISH', emaFast: 36_520.5, emaSlow: 36_521.25, crosses24h: 3 } },
  RegimeChanged: { ts: T, source: 'signal', data: { symbol: 'BTCUSDT', T, from: 'WARMUP', to: 'ACTIVE', indicators: { emaFast: 36_520.5, emaSlow: 36_521.25, rv: 0.004, crosses24h: 3 } } },
  EntrySignalled: { ts: T, source: 'signal', data: { symbol: 'BTCUSDT', T, crossT: T - 5 * MINUTE, armedUntil: T + 10 * MINUTE, close: E0, emaFast: 36_520.5, emaSlow: 36_521.25 } },
  CandleAssessed: {
    ts: T,
    source: 'signal',
    data: {
      symbol: 'BTCUSDT',
      T,
      candle: { symbol: 'BTCUSDT', ts: T - MINUTE, open: 36_530, high: 36_540, low: E0, close: E0, volume: 12.5 },
      regime: 'ACTIVE',
      indicators: { emaFast: 36_520.5, emaSlow: 36_521.25, rv: 0.004, crosses24h: 3 },
      entry: { symbol: 'BTCUSDT', T, crossT: T - 5 * MINUTE, armedUntil: T + 10 * MINUTE, close: E0, emaFast: 36_520.5, emaSlow: 36_521.25 },
    },
  },
  EntryRejected: { ts: T, source: 'risk', data: { symbol: 'SOLUSDT', T, crossT: T - MINUTE, reason: 'COOLDOWN' } },
  CooldownStarted: { ts: T, source: 'risk', data: { symbol: 'BTCUSDT', T, rule: 'QUICK_EXIT', until: T + 60 * MINUTE } },
  CooldownEnded: { ts: T, source: 'risk', data: { symbol: 'BTCUSDT', T } },
  TradingStateChanged: { ts: T, source: 'risk', data: { T, from: 'ACTIVE', to: 'REDUCING', drawdown: 0.151, equity: 8_490, blockedUntil: T + 1440 * MINUTE } },
  SizeFactorChanged: { ts: T, source: 'risk', data: { T, sizeFactor: 0.5, drawdown: 0.101 } },
  DailyLossLocked: { ts: T, source: 'risk', data: { T, day: Math.floor((T - MINUTE) / 86_400_000), dayStartEquity: 10_000, equity: 9_480, loss: 520 } },
  DailyLossUnlocked: { ts: T, source: 'risk', data: { T, day: Math.floor(T / 86_400_000) } },
  OrderRequested: {
    ts: T,
    source: 'risk',
    data: {
      requestId: orderRequestId(`EntrySignalled:BTCUSDT:${T}`, 'OPEN'),
      symbol: 'BTCUSDT',
      T,
      side: 'SELL',
      intent: 'OPEN',
      qty: 0.191,
      modelPrice: E0,
      reason: 'ENTRY',
      takeProfit: E0 * (1 - 0.06),
      stopLoss: E0 * (1 + 0.015),
      reduceOnly: false,
      crossT: T - 5 * MINUTE,
      sizeFactor: 1,
    },
  },
  PortfolioMarked: {
    ts: T,
    source: 'risk',
    data: { T, symbol: 'ETHUSDT', balance: 9_990, equity: 10_020, peak: 10_100, drawdown: 1 - 10_020 / 10_100, exposure: 6_990, openPositions: 1, tradingState: 'ACTIVE', sizeFactor: 1, dailyLocked: false, applied: { assessed: 42, exec: 7, ctl: 0 } },
  },
  OrderAccepted: { ts: T, source: 'execution', data: { requestId: 'o-0123456789abcdef0123456789abcdef', orderId: '1321003749386327552', orderLinkId: 'o-0123456789abcdef0123456789abcdef', symbol: 'BTCUSDT' } },
  OrderRejected: { ts: T, source: 'execution', data: { requestId: 'o-0123456789abcdef0123456789abcdef', symbol: 'BTCUSDT', code: 110007, reason: 'ab not enough for new order' } },
  OrderFilled: { ts: T, source: 'execution', data: { requestId: 'o-0123456789abcdef0123456789abcdef', orderId: '1321003749386327552', symbol: 'BTCUSDT', side: 'SELL', qty: 0.191, price: E0, fee: 3.834, execId: 'e0c5d4a2-6f8c-5b8e-9c8b-2a1c3f0e1d7a' } },
  PositionOpened: {
    ts: T,
    source: 'execution',
    data: { symbol: 'BTCUSDT', T, crossT: T - 5 * MINUTE, entryPrice: E0, qty: 0.191, entryFee: 0.00055 * E0 * 0.191, takeProfit: E0 * (1 - 0.06), stopLoss: E0 * (1 + 0.015), sizeFactor: 1 },
  },
  PositionClosed: {
    ts: T + 30 * MINUTE,
    source: 'execution',
    data: { symbol: 'BTCUSDT', T: T + 30 * MINUTE, reason: 'STOP_LOSS', entryT: T, entryPrice: E0, exitPrice: 37_047.5, qty: 0.191, entryFee: 3.834, exitFee: 3.892, pnl: (E0 - 37_047.5) * 0.191 - 3.834 - 3.892 },
  },
  BalanceChanged: { ts: T, source: 'execution', data: { balance: 9_996.17, equity: 9_990.02 } },
  ReconciliationDriftFound: { ts: T, source: 'execution', data: { symbol: 'ETHUSDT', kind: 'POSITION_QTY', expected: 0.5, actual: 0.4 } },
  EntriesPaused: { ts: T, source: 'operator', data: { symbol: 'SOLUSDT', ...issued } },
  EntriesResumed: { ts: T, source: 'operator', data: { symbol: null, ...issued } },
  FlattenRequested: { ts: T, source: 'operator', data: { symbol: null, ...issued } },
  HaltRequested: { ts: T, source: 'operator', data: { ...issued } },
  TradingResumed: { ts: T, source: 'operator', data: { ...issued } },
  ServiceStarted: { ts: T, source: 'risk', data: { service: 'risk', instance: 'risk-7d9f-1', version: '0.1.0' } },
  ServiceStopped: { ts: T, source: 'risk', data: { service: 'risk', instance: 'risk-7d9f-1', version: '0.1.0' } },
  OperatorCommandRefused: { ts: T, source: 'notifier', data: { channel: 'telegram', issuedBy: 'telegram:424242', command: '/halt', reason: 'UNAUTHORIZED', detail: 'user 424242 is not an operator' } },
  MessageDeadLettered: {
    ts: T,
    source: 'projection',
    data: { stream: 'LIVE_EXEC', subject: 'live.exec.order.BTCUSDT', sequence: 42, consumer: 'projection-exec', reason: 'invalid OrderFilled: data.qty: expected number, received string', deliveries: 1, rawBase64: Buffer.from('{"type":"OrderFilled"}').toString('base64') },
  },
};

export function exampleEvent<K extends EventType>(type: K): EventOf<K> {
  return makeEvent(type, EXAMPLE_FIELDS[type]);
}

/** The example as it arrives off the wire: plain JSON, with nothing but the data. */
export function exampleJson(type: EventType): Record<string, unknown> {
  return JSON.parse(JSON.stringify(exampleEvent(type))) as Record<string, unknown>;
}
