import fc from 'fast-check';
import { isValidSubject, subjectCovers, subjectsOverlap } from '../test/nats-subjects';
import type { SERVICES } from './consumers';
import { allConsumerDefinitions, consumerDefinitions } from './consumers';
import { EVENT_TYPES } from './events/registry';
import { DUPLICATE_WINDOW_NS, STREAM_MAX_AGE_DAYS, streamDefinition, streamDefinitions, streamForEvent, streamName } from './streams';
import { SubjectTokenError } from './subject-tokens';
import { CONTEXTS, EVENT_ROUTES, subjects } from './subjects';

const DAY_NS = 86_400 * 1e9;

describe('streams', () => {
  it('are one per bounded context, named <NS>_<CONTEXT>', () => {
    expect(streamDefinitions('live').map((s) => s.name)).toEqual(CONTEXTS.map((c) => `LIVE_${c.toUpperCase()}`));
    expect(streamName('replay-7f3a', 'exec')).toBe('REPLAY_7F3A_EXEC');
  });

  it('have pairwise disjoint subjects, within and across namespaces', () => {
    const all = [...streamDefinitions('live'), ...streamDefinitions('paper'), ...streamDefinitions('replay-1')];
    for (const [i, a] of all.entries()) {
      for (const b of all.slice(i + 1)) {
        for (const x of a.subjects) for (const y of b.subjects) expect([a.name, b.name, subjectsOverlap(x, y)]).toEqual([a.name, b.name, false]);
      }
    }
  });

  it('give distinct namespaces distinct stream names', () => {
    const ns = fc.stringMatching(/^[a-z][a-z0-9-]{0,31}$/);
    fc.assert(
      fc.property(ns, ns, fc.constantFrom(...CONTEXTS), (a, b, context) => {
        expect(streamName(a, context) === streamName(b, context)).toBe(a === b);
      }),
    );
  });

  it('store each event type in exactly one stream, the one streamForEvent names', () => {
    const streams = streamDefinitions('live');
    for (const type of EVENT_TYPES) {
      const subject = subjects('live').forType(type, EVENT_ROUTES[type].key === null ? undefined : 'BTCUSDT');
      const holding = streams.filter((s) => s.subjects.some((pattern) => subjectCovers(pattern, subject)));
      expect(holding.map((s) => s.name)).toEqual([streamForEvent('live', type)]);
    }
  });

  it('keep orders, fills and risk decisions longer than market data', () => {
    const byContext = Object.fromEntries(streamDefinitions('live').map((s, i) => [CONTEXTS[i], s]));
    expect(byContext.exec?.max_age).toBeGreaterThan(byContext.md?.max_age ?? Infinity);
    expect(byContext.risk?.max_age).toBeGreaterThan(byContext.md?.max_age ?? Infinity);
    for (const context of CONTEXTS) expect(byContext[context]?.max_age).toBe(STREAM_MAX_AGE_DAYS[context] * DAY_NS);
  });

  it('are limits-retained file logs with a 120 s duplicate window, in nanoseconds', () => {
    for (const stream of streamDefinitions('live')) {
      expect(stream).toMatchObject({ retention: 'limits', storage: 'file', discard: 'old', num_replicas: 1 });
      expect(stream.duplicate_window).toBe(120e9);
      expect(stream.duplicate_window).toBe(DUPLICATE_WINDOW_NS);
      expect(Number.isInteger(stream.max_age)).toBe(true);
      expect(stream.subjects.every(isValidSubject)).toBe(true);
    }
  });

  it('have a dead-letter stream over <ns>.dlq.>, where single messages can be removed', () => {
    const dlq = streamDefinitions('live').find((s) => s.name === 'LIVE_DLQ');
    expect(dlq?.subjects).toEqual(['live.dlq.>']);
    expect(dlq?.deny_delete).toBe(false);
    expect(streamDefinitions('live').filter((s) => s.deny_delete).length).toBe(CONTEXTS.length - 1);
  });

  it('take the replica count of the cluster, and refuse a nonsensical one', () => {
    expect(streamDefinitions('live', { replicas: 3 }).every((s) => s.num_replicas === 3)).toBe(true);
    expect(() => streamDefinition('live', 'md', { replicas: 0 })).toThrow(RangeError);
    expect(() => streamDefinition('live', 'md', { replicas: 1.5 })).toThrow(RangeError);
    expect(() => streamDefinitions('LIVE')).toThrow(SubjectTokenError);
  });
});

describe('consumers', () => {
  const streams = new Map(streamDefinitions('live').map((s) => [s.name, s]));

  it('filter on one subject inside their stream', () => {
    for (const { stream, config } of allConsumerDefinitions('live')) {
      const definition = streams.get(stream);
      expect(definition).toBeDefined();
      expect(typeof config.filter_subject).toBe('string');
      expect(isValidSubject(config.filter_subject)).toBe(true);
      expect(definition?.subjects.some((pattern) => subjectCovers(pattern, config.filter_subject))).toBe(true);
    }
  });

  it('have unique durable names per stream, valid as NATS names', () => {
    const keys = allConsumerDefinitions('live').map((c) => `${c.stream}/${c.config.durable_name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const { config } of allConsumerDefinitions('live')) expect(config.durable_name).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it('ack explicitly, with a backoff the server accepts', () => {
    for (const { config } of allConsumerDefinitions('live')) {
      expect(config).toMatchObject({ ack_policy: 'explicit', deliver_policy: 'all' });
      expect(config.backoff.length).toBeGreaterThan(0);
      expect(config.max_deliver).toBeGreaterThan(config.backoff.length);
      expect(config.ack_wait).toBe(config.backoff[0]);
      expect([...config.backoff].sort((a, b) => a - b)).toEqual(config.backoff);
      expect(config.backoff.every((ns) => Number.isInteger(ns) && ns >= 1e9)).toBe(true);
    }
  });

  it('read what each service consumes', () => {
    const filters = (service: (typeof SERVICES)[number]) => consumerDefinitions('live', service).map((c) => c.config.filter_subject);
    expect(filters('signal')).toEqual(['live.md.candle.*']);
    expect(filters('execution')).toEqual(['live.risk.order.*']);
    expect(filters('risk')).toEqual(['live.sig.assessed.*', 'live.exec.>', 'live.ctl.>']);
    expect(new Set(consumerDefinitions('live', 'projection').map((c) => c.stream))).toEqual(new Set(streams.keys()));
    expect(consumerDefinitions('live', 'execution')[0]?.config.max_ack_pending).toBe(1);
  });

  it('follow their namespace', () => {
    for (const { stream, config } of allConsumerDefinitions('replay-9')) {
      expect(stream.startsWith('REPLAY_9_')).toBe(true);
      expect(config.filter_subject.startsWith('replay-9.')).toBe(true);
    }
  });
});
