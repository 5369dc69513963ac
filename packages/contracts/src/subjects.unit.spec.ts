import fc from 'fast-check';
import { exampleEvent } from '../test/event-examples';
import { isValidSubject, subjectCovers, subjectsOverlap } from '../test/nats-subjects';
import { EVENT_TYPES } from './events/registry';
import type { EventType } from './events/registry';
import { ANY, SubjectTokenError, assertNamespace, isSubjectTokenError, isValidNamespace } from './subject-tokens';
import { CONTEXTS, CONTROL_COMMANDS, EVENT_ROUTES, subjectForEvent, subjects } from './subjects';

/** The subjects of ARCHITECTURE.md and the contracts brief, written out for the examples. */
const EXPECTED: Readonly<Record<EventType, string>> = {
  CandleClosed: 'live.md.candle.BTCUSDT',
  CandleGapDetected: 'live.md.gap.ETHUSDT',
  FeedConnected: 'live.md.feed',
  FeedDisconnected: 'live.md.feed',
  EmaCrossed: 'live.sig.cross.BTCUSDT',
  RegimeChanged: 'live.sig.regime.BTCUSDT',
  EntrySignalled: 'live.sig.entry.BTCUSDT',
  CandleAssessed: 'live.sig.assessed.BTCUSDT',
  EntryRejected: 'live.risk.rejected.SOLUSDT',
  CooldownStarted: 'live.risk.cooldown.BTCUSDT',
  CooldownEnded: 'live.risk.cooldown.BTCUSDT',
  TradingStateChanged: 'live.risk.state',
  SizeFactorChanged: 'live.risk.state',
  DailyLossLocked: 'live.risk.state',
  DailyLossUnlocked: 'live.risk.state',
  OrderRequested: 'live.risk.order.BTCUSDT',
  PortfolioMarked: 'live.risk.marked',
  OrderAccepted: 'live.exec.order.BTCUSDT',
  OrderRejected: 'live.exec.order.BTCUSDT',
  OrderFilled: 'live.exec.order.BTCUSDT',
  PositionOpened: 'live.exec.position.BTCUSDT',
  PositionClosed: 'live.exec.position.BTCUSDT',
  BalanceChanged: 'live.exec.balance',
  ReconciliationDriftFound: 'live.exec.recon.ETHUSDT',
  EntriesPaused: 'live.ctl.pause-entries',
  EntriesResumed: 'live.ctl.resume-entries',
  FlattenRequested: 'live.ctl.flatten',
  HaltRequested: 'live.ctl.halt',
  TradingResumed: 'live.ctl.resume-trading',
  ServiceStarted: 'live.sys.service',
  ServiceStopped: 'live.sys.service',
  OperatorCommandRefused: 'live.sys.audit',
  MessageDeadLettered: 'live.dlq.LIVE_EXEC',
};

describe('subjects per event type', () => {
  it.each(EVENT_TYPES)('%s goes on its subject', (type) => {
    const event = exampleEvent(type);
    expect(subjects('live').forEvent(event)).toBe(EXPECTED[type]);
    expect(subjectForEvent('live', event)).toBe(EXPECTED[type]);
    expect(isValidSubject(EXPECTED[type])).toBe(true);
  });

  it('puts the namespace first, so namespaces never share a subject', () => {
    const event = exampleEvent('OrderRequested');
    expect(subjects('replay-7f3a').forEvent(event)).toBe('replay-7f3a.risk.order.BTCUSDT');
    expect(subjectsOverlap(subjects('live').context('risk'), subjects('replay-7f3a').context('risk'))).toBe(false);
  });

  it('agrees with the named builders', () => {
    const s = subjects('paper');
    const named: ReadonlyArray<[EventType, string]> = [
      ['CandleClosed', s.candle('SOLUSDT')],
      ['CandleGapDetected', s.gap('SOLUSDT')],
      ['EmaCrossed', s.cross('SOLUSDT')],
      ['RegimeChanged', s.regime('SOLUSDT')],
      ['EntrySignalled', s.entry('SOLUSDT')],
      ['OrderRequested', s.orderRequest('SOLUSDT')],
      ['EntryRejected', s.rejected('SOLUSDT')],
      ['CooldownStarted', s.cooldown('SOLUSDT')],
      ['OrderFilled', s.execOrder('SOLUSDT')],
      ['PositionClosed', s.position('SOLUSDT')],
      ['ReconciliationDriftFound', s.recon('SOLUSDT')],
      ['MessageDeadLettered', s.deadLetter('SOLUSDT')],
    ];
    for (const [type, subject] of named) expect(s.forType(type, 'SOLUSDT')).toBe(subject);
    expect(s.forType('FeedConnected')).toBe(s.feed());
    expect(s.forType('DailyLossLocked')).toBe(s.riskState());
    expect(s.forType('BalanceChanged')).toBe(s.balance());
    expect(s.forType('HaltRequested')).toBe(s.control('halt'));
    expect(s.forType('ServiceStopped')).toBe(s.system('service'));
  });

  it('gives each control command its own subject', () => {
    const s = subjects('live');
    const ctl = CONTROL_COMMANDS.map((command) => s.control(command));
    expect(new Set(ctl).size).toBe(CONTROL_COMMANDS.length);
    const routed = EVENT_TYPES.filter((t) => EVENT_ROUTES[t].context === 'ctl').map((t) => s.forType(t));
    expect([...routed].sort()).toEqual([...ctl].sort());
  });

  it('builds filters with ANY in place of a symbol or stream', () => {
    const s = subjects('live');
    expect(s.candle(ANY)).toBe('live.md.candle.*');
    expect(s.deadLetter(ANY)).toBe('live.dlq.*');
    expect(s.context('exec')).toBe('live.exec.>');
    expect(s.forType('PositionOpened', ANY)).toBe('live.exec.position.*');
  });

  it('lands every event type in the subject space of its context', () => {
    for (const type of EVENT_TYPES) {
      const route = EVENT_ROUTES[type];
      const subject = subjects('live').forType(type, route.key === null ? undefined : 'X1');
      for (const context of CONTEXTS) expect(subjectCovers(subjects('live').context(context), subject)).toBe(context === route.context);
    }
  });

  it('needs the key of a keyed route', () => {
    expect(() => subjects('live').forType('CandleClosed')).toThrow(SubjectTokenError);
  });
});

describe('token validation', () => {
  it.each(['live', 'paper', 'replay-xyz', 'replay-7f3a', 'testnet', 'r1'])('accepts the namespace %p', (ns) => {
    expect(isValidNamespace(ns)).toBe(true);
    expect(() => subjects(ns)).not.toThrow();
  });

  it.each(['', 'Live', 'live.eu', 'live eu', 'live*', 'li>ve', 'replay_xyz', '1live', '-live', 'x'.repeat(33), 42, null])('refuses the namespace %p', (ns) => {
    expect(isValidNamespace(ns)).toBe(false);
    expect(() => assertNamespace(ns)).toThrow(SubjectTokenError);
  });

  it.each(['BTC.USDT', 'btcusdt', 'BTC USDT', '>', 'BTC*', ''])('refuses the symbol %p', (symbol) => {
    expect(() => subjects('live').candle(symbol)).toThrow(SubjectTokenError);
  });

  it.each(['LIVE.MD', 'LIVE MD', '>', ''])('refuses the stream %p', (stream) => {
    expect(() => subjects('live').deadLetter(stream)).toThrow(SubjectTokenError);
  });

  it('always yields a valid subject with the namespace first for valid tokens', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9-]{0,31}$/), fc.stringMatching(/^[A-Z0-9]{1,32}$/), fc.constantFrom(...EVENT_TYPES), (ns, symbol, type) => {
        const subject = subjects(ns).forType(type, symbol);
        expect(isValidSubject(subject)).toBe(true);
        expect(subject.split('.')[0]).toBe(ns);
      }),
    );
  });

  it('names its error and has a predicate', () => {
    const error = new SubjectTokenError('symbol', 'A.B');
    expect(error.name).toBe('SubjectTokenError');
    expect(isSubjectTokenError(error)).toBe(true);
    expect(isSubjectTokenError(new Error('A.B'))).toBe(false);
  });
});

describe('the test helpers themselves', () => {
  it.each([
    ['a.b.>', 'a.b.c', true],
    ['a.*.c', 'a.b.>', true],
    ['a.b', 'a.b.>', false],
    ['a.md.>', 'a.sig.>', false],
    ['a.*', 'a.b.c', false],
  ])('%p overlaps %p: %p', (x, y, expected) => {
    expect(subjectsOverlap(x, y)).toBe(expected);
    expect(subjectsOverlap(y, x)).toBe(expected);
  });

  it.each([
    ['a.>', 'a.b.*', true],
    ['a.*', 'a.b', true],
    ['a.*', 'a.b.c', false],
    ['a.b', 'a.*', false],
    ['a.b.>', 'a.b', false],
  ])('%p covers %p: %p', (pattern, filter, expected) => {
    expect(subjectCovers(pattern, filter)).toBe(expected);
  });
});
