import { isEventValidationError, makeEvent, streamName, subjects } from '@mast/contracts';
import type { MastEvent } from '@mast/contracts';
import { candle, cleanUp, connectTestBus, testNamespace } from '../test/nats-test-kit';
import type { Bus } from './connect-bus';
import { JetStreamApiError, PubHeaders } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { ackInboxOf } from './ack-inbox';
import { MastHeaders } from './headers';
import { isRetryablePublishError } from './nats-errors';
import { provisionNamespace } from './provision';
import { createPublisher } from './publisher';
import type { Publisher } from './publisher';

describe('publisher', () => {
  const ns = testNamespace();
  let bus: Bus;
  let publisher: Publisher;
  beforeAll(async () => {
    bus = await connectTestBus('publisher-test');
    await provisionNamespace(bus.jsm, ns, { services: [] });
    publisher = createPublisher(bus, { ns });
  });
  afterAll(() => cleanUp(bus, ns));

  const mdState = async () => (await bus.jsm.streams.info(streamName(ns, 'md'))).state;

  it('stores an event on the subject of its type, with the event id as Nats-Msg-Id, and drops a repeat', async () => {
    const event = candle('BTCUSDT', 1);
    const first = await publisher.publish(event);
    const again = await publisher.publish(event);
    expect(first).toEqual({ stream: streamName(ns, 'md'), seq: first.seq, duplicate: false });
    expect(again).toEqual({ stream: streamName(ns, 'md'), seq: first.seq, duplicate: true });

    const stored = await bus.jsm.streams.getMessage(streamName(ns, 'md'), { seq: first.seq });
    expect(stored?.subject).toBe(subjects(ns).candle('BTCUSDT'));
    expect(stored?.json<MastEvent>()).toEqual(event);
    expect(stored?.header.get('Nats-Msg-Id')).toBe(event.id);
    expect(stored?.header.get(MastHeaders.Type)).toBe('CandleClosed');
  });

  it('refuses an invalid event and stores nothing', async () => {
    const before = await mdState();
    const bad = { ...candle('BTCUSDT', 2), data: { ...candle('BTCUSDT', 2).data, high: 1 } } as MastEvent;
    const failure = await publisher.publish(bad).catch((error: unknown) => error);
    expect(isEventValidationError(failure)).toBe(true);
    expect((await mdState()).messages).toBe(before.messages);
  });

  it('publishMany stores a burst in order, reports duplicates, and sends nothing if one event is invalid', async () => {
    const events = Array.from({ length: 25 }, (_, i) => candle('ETHUSDT', i));
    const results = await createPublisher(bus, { ns, maxInFlight: 10 }).publishMany(events);
    const seqs = results.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(25);
    for (const [i, r] of results.entries()) {
      const stored = await bus.jsm.streams.getMessage(streamName(ns, 'md'), { seq: r.seq });
      expect(stored?.json<MastEvent>().id).toBe(events[i]?.id);
    }

    const repeat = await publisher.publishMany(events.slice(0, 3));
    expect(repeat).toEqual(results.slice(0, 3).map((r) => ({ ...r, duplicate: true })));

    const before = await mdState();
    const invalid = { ...candle('SOLUSDT', 1), v: 99 } as unknown as MastEvent;
    await expect(publisher.publishMany([candle('SOLUSDT', 0), invalid])).rejects.toThrow(/version/);
    expect((await mdState()).messages).toBe(before.messages);
  });

  it('routes each context to its own stream', async () => {
    const halt = makeEvent('HaltRequested', { ts: Date.UTC(2024, 0, 1), source: 'bus-test', data: { issuedBy: 'op', why: 'test' } });
    const result = await publisher.publish(halt);
    expect(result.stream).toBe(streamName(ns, 'ctl'));
    expect((await bus.jsm.streams.getMessage(streamName(ns, 'ctl'), { seq: result.seq }))?.subject).toBe(subjects(ns).control('halt'));
  });

  it('gives up with a PublishError when no stream takes the subject', async () => {
    const orphan = createPublisher(bus, { ns: testNamespace(), attempts: 2, retryBaseMs: 10, retryMaxMs: 20, timeoutMs: 300 });
    await expect(orphan.publish(candle('BTCUSDT', 1))).rejects.toMatchObject({ name: 'PublishError', attempts: 2 });
  });

  it('times out and resends when something takes the subject but no stream answers, then gives up', async () => {
    const otherNs = testNamespace();
    const seen: string[] = [];
    // A plain subscriber, not a stream: the message arrives but no acknowledgement ever comes.
    const sub = bus.nc.subscribe(subjects(otherNs).candle('BTCUSDT'), { callback: (_error, msg) => void seen.push(msg.headers?.get('Nats-Msg-Id') ?? '') });
    try {
      const silent = createPublisher(bus, { ns: otherNs, attempts: 3, retryBaseMs: 10, retryMaxMs: 20, timeoutMs: 200 });
      const event = candle('BTCUSDT', 2);
      const failure = await silent.publish(event).catch((error: unknown) => error);
      expect(failure).toMatchObject({ name: 'PublishError', attempts: 3 });
      expect((failure as Error).cause).toMatchObject({ name: 'TimeoutError' });
      // Every attempt went out with the same msg id, so a stream that did store one drops the rest.
      expect(seen).toEqual([event.id, event.id, event.id]);
    } finally {
      sub.unsubscribe();
    }
  });

  it('reports a refusal by the stream as the server’s API error, which is not worth a resend', async () => {
    const headers = natsHeaders();
    headers.set(PubHeaders.MsgIdHdr, 'refused-1');
    headers.set(PubHeaders.ExpectedStreamHdr, 'NOT_THIS_STREAM');
    const failure = await ackInboxOf(bus.nc).publish(subjects(ns).candle('BTCUSDT'), '{}', headers, 2000).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(JetStreamApiError);
    expect((failure as JetStreamApiError).code).toBe(10060); // expected stream does not match
    expect(isRetryablePublishError(failure)).toBe(false);
  });
});
