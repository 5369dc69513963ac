import { EXAMPLE_FIELDS, T, exampleEvent, exampleJson } from '../test/event-examples';
import { EVENT_REGISTRY, EVENT_TYPES } from './events/registry';
import type { EventType } from './events/registry';
import { EventValidationError, isEventValidationError } from './event-validation-error';
import { controlEvents } from './events/control';
import { executionEvents } from './events/execution';
import { marketDataEvents } from './events/market-data';
import { riskEvents } from './events/risk';
import { signalEvents } from './events/signal';
import { systemEvents } from './events/system';
import { candleEventId, contentEventId } from './ids';
import { eventFromDecision, makeEvent } from './make-event';
import { parseEvent, parseEventOf, safeParseEvent } from './parse-event';

function issuesOf(raw: unknown): EventValidationError {
  try {
    parseEvent(raw);
  } catch (error) {
    if (isEventValidationError(error)) return error;
    throw error;
  }
  throw new Error('expected parseEvent to throw');
}

function withData(type: EventType, patch: Record<string, unknown>): Record<string, unknown> {
  const raw = exampleJson(type);
  return { ...raw, data: { ...(raw.data as Record<string, unknown>), ...patch } };
}

describe('the registry', () => {
  it('holds each bounded context once, with no type defined twice', () => {
    const fragments = [marketDataEvents, signalEvents, riskEvents, executionEvents, controlEvents, systemEvents];
    const names = fragments.flatMap((fragment) => Object.keys(fragment));
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('names every type in the past tense, PascalCase, at a positive integer version', () => {
    for (const type of EVENT_TYPES) {
      expect(type).toMatch(/^[A-Z][A-Za-z]+(ed|Found)$/);
      expect(Number.isInteger(EVENT_REGISTRY[type].v) && EVENT_REGISTRY[type].v > 0).toBe(true);
    }
  });
});

describe('valid events', () => {
  it.each(EVENT_TYPES)('%s built by makeEvent parses back from JSON unchanged', (type) => {
    const event = exampleEvent(type);
    expect(event.type).toBe(type);
    expect(event.v).toBe(EVENT_REGISTRY[type].v);
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('copies data.symbol to the envelope, and leaves it out for events without one', () => {
    expect(exampleEvent('PositionOpened').symbol).toBe('BTCUSDT');
    expect(exampleEvent('TradingStateChanged').symbol).toBeUndefined();
    expect(exampleEvent('EntriesResumed').symbol).toBeUndefined();
    expect('symbol' in exampleEvent('HaltRequested')).toBe(false);
  });

  it('accepts null where the core says null', () => {
    const warmingUp = withData('RegimeChanged', { from: 'ACTIVE', to: 'WARMUP', indicators: { emaFast: null, emaSlow: null, rv: null, crosses24h: 0 } });
    expect(parseEvent(warmingUp).type).toBe('RegimeChanged');
    const backToActive = withData('TradingStateChanged', { from: 'REDUCING', to: 'ACTIVE', blockedUntil: null });
    expect(parseEvent(backToActive).type).toBe('TradingStateChanged');
    expect(parseEvent(withData('OrderRejected', { code: null })).type).toBe('OrderRejected');
  });

  it('gives a candle its natural id and other events a content id, both reproducible', () => {
    const candle = exampleEvent('CandleClosed');
    expect(candle.id).toBe(candleEventId('BTCUSDT', T - 60_000));
    const halt = exampleEvent('HaltRequested');
    expect(halt.id).toBe(contentEventId('HaltRequested', T, EXAMPLE_FIELDS.HaltRequested.data));
    expect(exampleEvent('HaltRequested').id).toBe(halt.id);
    expect(makeEvent('HaltRequested', { ...EXAMPLE_FIELDS.HaltRequested, id: 'cmd-17' }).id).toBe('cmd-17');
  });

  it('wraps a core decision 1:1: data is the decision without its type, ts its T', () => {
    const decision = { type: 'PositionClosed' as const, ...EXAMPLE_FIELDS.PositionClosed.data };
    const event = eventFromDecision(decision, { source: 'risk', causationId: 'CandleClosed:BTCUSDT:1700001780000', correlationId: 'c-1' });
    const { type, ...data } = decision;
    expect(event).toMatchObject({ type, ts: decision.T, symbol: 'BTCUSDT', source: 'risk', causationId: 'CandleClosed:BTCUSDT:1700001780000', correlationId: 'c-1' });
    expect(event.data).toEqual(data);
  });
});

describe('invalid events name the path of each bad field', () => {
  const cases: ReadonlyArray<[string, () => unknown, string, string]> = [
    ['a price as a string', () => withData('PositionOpened', { entryPrice: '36500' }), 'data.entryPrice', 'expected number, received string'],
    ['a missing data field', () => { const raw = withData('PositionClosed', {}); delete (raw.data as Record<string, unknown>).pnl; return raw; }, 'data.pnl', 'required'],
    ['an unknown data key', () => withData('CandleClosed', { vwap: 1 }), 'data.vwap', 'unknown key'],
    ['an unknown envelope key', () => ({ ...exampleJson('CandleClosed'), extra: true }), 'extra', 'unknown key'],
    ['a negative price', () => withData('CandleClosed', { low: -1 }), 'data.low', '>0'],
    ['an infinite price', () => withData('OrderFilled', { price: Infinity }), 'data.price', 'expected number'],
    ['high below low', () => withData('CandleClosed', { high: 36_400, low: 36_450, open: 36_420, close: 36_420 }), 'data.high', 'must be >= low'],
    ['high below the close', () => withData('CandleClosed', { close: 36_600 }), 'data.high', 'open and close'],
    ['a candle off the minute grid', () => withData('CandleClosed', { ts: T - 59_000 }), 'data.ts', 'multiple of 60000'],
    ['a gap count that disagrees with its bounds', () => withData('CandleGapDetected', { missing: 2 }), 'data.missing', 'must be 3'],
    ['a bearish cross with fast above slow', () => withData('EmaCrossed', { emaFast: 2, emaSlow: 1 }), 'data.direction', 'BEARISH'],
    ['an unknown regime', () => withData('RegimeChanged', { to: 'SLEEPY' }), 'data.to', 'expected one of'],
    ['a null where the core has no null', () => withData('EmaCrossed', { emaFast: null }), 'data.emaFast', 'received null'],
    ['a nested indicator of the wrong type', () => withData('RegimeChanged', { indicators: { emaFast: null, emaSlow: null, rv: 'x', crosses24h: 0 } }), 'data.indicators.rv', 'expected number'],
    ['REDUCING without the end of the block', () => withData('TradingStateChanged', { blockedUntil: null }), 'data.blockedUntil', 'REDUCING'],
    ['a cooldown ending before it starts', () => withData('CooldownStarted', { until: T - 1 }), 'data.until', 'must be >= T'],
    ['an exit before its entry', () => withData('PositionClosed', { entryT: T + 31 * 60_000 }), 'data.entryT', 'must be <= T'],
    ['an open for an exit reason', () => withData('OrderRequested', { reason: 'STOP_LOSS' }), 'data.reason', 'OPEN goes with ENTRY'],
    ['a reduce-only open', () => withData('OrderRequested', { reduceOnly: true }), 'data.reduceOnly', 'must be false'],
    ['an orderLinkId Bybit would refuse', () => withData('OrderRequested', { requestId: 'x'.repeat(37) }), 'data.requestId', 'orderLinkId'],
    ['a symbol with a dot', () => withData('CandleClosed', { symbol: 'BTC.USDT' }), 'data.symbol', 'symbol'],
    ['an envelope symbol that differs from data', () => ({ ...exampleJson('CandleClosed'), symbol: 'ETHUSDT' }), 'symbol', 'must equal data.symbol (BTCUSDT)'],
    ['an envelope symbol on a portfolio event', () => ({ ...exampleJson('SizeFactorChanged'), symbol: 'BTCUSDT' }), 'symbol', 'must be absent'],
    ['a missing causationId', () => { const raw = exampleJson('CandleClosed'); delete raw.causationId; return raw; }, 'causationId', 'required'],
    ['a version from the future', () => ({ ...exampleJson('EntrySignalled'), v: 2 }), 'v', 'expected version 1 of EntrySignalled, received 2'],
    ['a time in fractional ms', () => ({ ...exampleJson('FeedConnected'), ts: 1.5 }), 'ts', 'expected int'],
    ['a control command without its reason', () => withData('FlattenRequested', { why: '' }), 'data.why', '>=1'],
    ['a dead letter with a payload that is not base64', () => withData('MessageDeadLettered', { rawBase64: '{not base64}' }), 'data.rawBase64', 'base64'],
  ];

  it.each(cases)('%s', (_name, build, path, fragment) => {
    const error = issuesOf(build());
    expect(error.name).toBe('EventValidationError');
    const issue = error.issues.find((i) => i.path === path);
    expect(issue).toBeDefined();
    expect(issue?.message).toContain(fragment);
    expect(error.message).toContain(`${path}: ${issue?.message}`);
  });

  it('reports every bad field at once, with the event type', () => {
    const error = issuesOf({ ...withData('PositionOpened', { entryPrice: '1', qty: -1, sizeFactor: 2 }), source: '' });
    expect(error.eventType).toBe('PositionOpened');
    expect(error.issues.map((i) => i.path).sort()).toEqual(['data.entryPrice', 'data.qty', 'data.sizeFactor', 'source']);
    expect(error.message).toContain('data.entryPrice: expected number, received string');
  });

  it('rejects an unknown type, and still reports the rest of the envelope', () => {
    const { id: _id, ...rest } = exampleJson('CandleClosed');
    const error = issuesOf({ ...rest, type: 'CandleOpened' });
    expect(error.issues[0]).toEqual({ path: 'type', message: 'unknown event type "CandleOpened"' });
    expect(error.issues.map((i) => i.path)).toContain('id');
    expect(issuesOf({ ...exampleJson('CandleClosed'), type: 7 }).issues[0]?.message).toBe('expected an event type string, received number');
    expect(issuesOf({ ...exampleJson('CandleClosed'), type: 'toString' }).issues[0]?.path).toBe('type');
  });

  it.each([null, 'CandleClosed', 42, [exampleJson('CandleClosed')]])('rejects %p as not an event object', (raw) => {
    expect(issuesOf(raw).issues).toEqual([{ path: '', message: expect.stringContaining('expected an event object') }]);
  });

  it('parseEventOf refuses an event of another type', () => {
    expect(() => parseEventOf('CandleClosed', exampleJson('FeedConnected'))).toThrow(/type: expected "CandleClosed"/);
  });

  it('makeEvent validates through the same schemas', () => {
    expect(() => makeEvent('CandleClosed', { ...EXAMPLE_FIELDS.CandleClosed, data: { ...EXAMPLE_FIELDS.CandleClosed.data, volume: -1 } })).toThrow(EventValidationError);
    expect(() => makeEvent('CandleClosed', { ...EXAMPLE_FIELDS.CandleClosed, ts: -5 })).toThrow(/ts: Too small/);
  });

  it('safeParseEvent returns the error instead of throwing', () => {
    const good = safeParseEvent(exampleJson('BalanceChanged'));
    expect(good.success && good.event.type).toBe('BalanceChanged');
    const bad = safeParseEvent({ type: 'Nope' });
    expect(bad.success).toBe(false);
    expect(!bad.success && isEventValidationError(bad.error)).toBe(true);
    expect(isEventValidationError(new Error('x'))).toBe(false);
  });
});
