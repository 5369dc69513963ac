import { consumerDefinitions, streamName, subjects } from '@mast/contracts';
import type { ConsumerDefinition, EventOf } from '@mast/contracts';
import { candle, cleanUp, connectTestBus, testNamespace, waitFor, withBackoff } from '../test/nats-test-kit';
import type { Bus } from './connect-bus';
import { deleteNamespace } from './delete-namespace';
import { consumeDurable } from './durable-consumer';
import type { ConsumeDurableOptions, DurableConsumer } from './durable-consumer';
import type { MessageMeta } from './message-meta';
import { PoisonMessageError } from './poison-message-error';
import { ensureConsumer, provisionNamespace } from './provision';
import { createPublisher } from './publisher';
import type { Publisher } from './publisher';
import { readStream } from './read-stream';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('consumeDurable', () => {
  let bus: Bus;
  const namespaces: string[] = [];
  const running: DurableConsumer[] = [];
  beforeAll(async () => {
    bus = await connectTestBus('durable-test');
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
  });
  afterAll(async () => {
    for (const ns of namespaces.slice(1)) await deleteNamespace(bus.jsm, ns);
    await cleanUp(bus, namespaces[0] ?? testNamespace());
  });

  /** A fresh namespace with the signal service's candle consumer, its backoff shortened to milliseconds. */
  async function setUp(backoffMs: readonly number[] = [300, 300], maxDeliver?: number) {
    const ns = testNamespace();
    namespaces.push(ns);
    await provisionNamespace(bus.jsm, ns, { services: [] });
    const [contractDef] = consumerDefinitions(ns, 'signal');
    if (!contractDef) throw new Error('contracts define a signal consumer');
    const def: ConsumerDefinition = withBackoff(contractDef, backoffMs, maxDeliver);
    await ensureConsumer(bus.jsm, def);
    const publisher: Publisher = createPublisher(bus, { ns });
    const start = async (handler: ConsumeDurableOptions['handler'], extra: Partial<ConsumeDurableOptions> = {}) => {
      const c = await consumeDurable(bus, { ns, stream: def.stream, consumer: def.config.durable_name, handler, ...extra });
      running.push(c);
      return c;
    };
    const consumerInfo = () => bus.jsm.consumers.info(def.stream, def.config.durable_name);
    const deadLetters = async () => {
      const found: EventOf<'MessageDeadLettered'>[] = [];
      for await (const { event } of readStream(bus, { stream: streamName(ns, 'dlq') })) if (event.type === 'MessageDeadLettered') found.push(event);
      return found;
    };
    return { ns, def, publisher, start, consumerInfo, deadLetters };
  }

  it('handles messages one at a time in stream order and acks each', async () => {
    const { publisher, start, consumerInfo } = await setUp();
    const events = Array.from({ length: 40 }, (_, i) => candle('BTCUSDT', i));
    const published = await publisher.publishMany(events);
    const seen: { id: string; seq: number }[] = [];
    let inHandler = 0;
    let maxInHandler = 0;
    const consumer = await start(async (event, meta) => {
      inHandler++;
      maxInHandler = Math.max(maxInHandler, inHandler);
      // Later messages finish faster: order could only hold by waiting for each.
      await sleep(seen.length % 2 === 0 ? 3 : 0);
      seen.push({ id: event.id, seq: meta.streamSeq });
      inHandler--;
    });
    await waitFor('all 40 handled', () => seen.length === 40);
    await waitFor('all acked', async () => (await consumerInfo()).num_ack_pending === 0);

    expect(seen).toEqual(events.map((e, i) => ({ id: e.id, seq: published[i]?.seq })));
    expect(maxInHandler).toBe(1);
    const info = await consumerInfo();
    expect(info.ack_floor.stream_seq).toBe(published.at(-1)?.seq);
    expect(await consumer.pending()).toBe(0);
    await publisher.publish(candle('BTCUSDT', 99));
    await waitFor('the next one handled', () => seen.length === 41);
  });

  it('runs a synchronous handler on the fast path and reports outcomes to the observer', async () => {
    const { publisher, start, consumerInfo } = await setUp();
    const published = await publisher.publishMany(Array.from({ length: 300 }, (_, i) => candle('SOLUSDT', i)));
    const seqs: number[] = [];
    const outcomes: string[] = [];
    await start((_event, meta) => void seqs.push(meta.streamSeq), { observer: { onHandled: (type, outcome, seconds) => outcomes.push(`${type}:${outcome}:${seconds >= 0}`) } });
    await waitFor('all handled', () => seqs.length === 300);
    await waitFor('all acked', async () => (await consumerInfo()).ack_floor.stream_seq === published.at(-1)?.seq);
    expect(seqs).toEqual(published.map((p) => p.seq));
    expect(new Set(outcomes)).toEqual(new Set(['CandleClosed:ok:true']));
  });

  it('dead-letters invalid JSON and schema-invalid events with reason, subject and sequence, and moves on', async () => {
    const { ns, def, publisher, start, consumerInfo, deadLetters } = await setUp();
    const subject = subjects(ns).candle('BTCUSDT');
    const good1 = candle('BTCUSDT', 1);
    const good2 = candle('BTCUSDT', 2);
    const notJson = 'this is {not json';
    // A well-formed envelope whose candle has high below low: only the schema can tell.
    const schemaInvalid = JSON.stringify({ ...candle('BTCUSDT', 3), data: { ...candle('BTCUSDT', 3).data, high: 1 } });
    await publisher.publish(good1);
    const badJsonAck = await bus.js.publish(subject, notJson);
    const badEventAck = await bus.js.publish(subject, schemaInvalid);
    await publisher.publish(good2);

    const handled: string[] = [];
    const deadKinds: string[] = [];
    await start((event) => void handled.push(event.id), { observer: { onDeadLetter: (kind) => deadKinds.push(kind) } });
    await waitFor('both valid events handled', () => handled.length === 2);
    await waitFor('nothing left unacked', async () => (await consumerInfo()).num_ack_pending === 0 && deadKinds.length === 2);

    expect(handled).toEqual([good1.id, good2.id]);
    expect(deadKinds).toEqual(['invalid_json', 'invalid_event']);
    const letters = await deadLetters();
    expect(letters.map((l) => ({ ...l.data, reason: l.data.reason.split(':')[0] }))).toEqual([
      { stream: def.stream, subject, sequence: badJsonAck.seq, consumer: def.config.durable_name, reason: 'invalid_json', deliveries: 1, rawBase64: Buffer.from(notJson).toString('base64') },
      { stream: def.stream, subject, sequence: badEventAck.seq, consumer: def.config.durable_name, reason: 'invalid_event', deliveries: 1, rawBase64: Buffer.from(schemaInvalid).toString('base64') },
    ]);
    expect(letters[1]?.data.reason).toContain('data.high');
    expect(letters.every((l) => l.causationId === null)).toBe(true);
  });

  it('retries a failing handler after the consumer backoff and acks once it succeeds', async () => {
    const { publisher, start, consumerInfo, deadLetters } = await setUp([300, 300, 300]);
    const flaky = candle('BTCUSDT', 1);
    const after = candle('BTCUSDT', 2);
    await publisher.publishMany([flaky, after]);
    const attempts: { id: string; meta: MessageMeta; at: number }[] = [];
    const outcomes: string[] = [];
    await start(
      (event, meta) => {
        attempts.push({ id: event.id, meta, at: Date.now() });
        if (event.id === flaky.id && meta.deliveries < 3) throw new Error('database unavailable');
      },
      { observer: { onHandled: (type, outcome) => outcomes.push(`${type}:${outcome}`) } },
    );
    await waitFor('the flaky event handled on its third delivery', () => attempts.filter((a) => a.id === flaky.id).length === 3, 5000);
    await waitFor('all acked', async () => (await consumerInfo()).num_ack_pending === 0);

    const flakyAttempts = attempts.filter((a) => a.id === flaky.id);
    expect(flakyAttempts.map((a) => [a.meta.deliveries, a.meta.redelivered])).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);
    // Each retry waited for the backoff (300 ms), less a little for timer granularity.
    for (let i = 1; i < flakyAttempts.length; i++) expect((flakyAttempts[i]?.at ?? 0) - (flakyAttempts[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(250);
    // The failure did not hold up the next message.
    expect(attempts[1]?.id).toBe(after.id);
    expect(outcomes.filter((o) => o.endsWith('retry'))).toHaveLength(2);
    expect(await deadLetters()).toEqual([]);
  });

  it('dead-letters a message whose handler keeps failing, after max_deliver deliveries', async () => {
    const { def, publisher, start, consumerInfo, deadLetters } = await setUp([100, 100], 3);
    const doomed = candle('ETHUSDT', 1);
    const fine = candle('ETHUSDT', 2);
    const published = await publisher.publishMany([doomed, fine]);
    let doomedAttempts = 0;
    const handled: string[] = [];
    await start((event) => {
      if (event.id === doomed.id) {
        doomedAttempts++;
        throw new Error('always broken');
      }
      handled.push(event.id);
    });
    await waitFor('a dead letter', async () => (await deadLetters()).length === 1, 5000);
    await waitFor('nothing left unacked', async () => (await consumerInfo()).num_ack_pending === 0);

    const [letter] = await deadLetters();
    expect(doomedAttempts).toBe(3);
    expect(handled).toEqual([fine.id]);
    expect(letter?.data).toMatchObject({ stream: def.stream, sequence: published[0]?.seq, deliveries: 3, reason: 'max_deliveries: failed on delivery 3 of 3: always broken' });
    expect([letter?.causationId, letter?.correlationId]).toEqual([doomed.id, doomed.id]);
  });

  it('dead-letters at once when the handler throws PoisonMessageError', async () => {
    const { publisher, start, deadLetters } = await setUp();
    await publisher.publish(candle('BTCUSDT', 5));
    let calls = 0;
    await start(() => {
      calls++;
      throw new PoisonMessageError('candle from the future');
    });
    await waitFor('a dead letter', async () => (await deadLetters()).length === 1);
    const [letter] = await deadLetters();
    expect([calls, letter?.data.deliveries, letter?.data.reason]).toEqual([1, 1, 'poison: candle from the future']);
  });

  it('refuses a stream of another namespace and a consumer that was never provisioned', async () => {
    const { def, start } = await setUp();
    await expect(consumeDurable(bus, { ns: 'live', stream: def.stream, consumer: def.config.durable_name, handler: () => {} })).rejects.toMatchObject({ name: 'BusConfigError' });
    await expect(start(() => {}, { consumer: 'nobody' })).rejects.toThrow(/consumer not found/);
  });

  it('drain stops consumers after they ack what they hold, leaving no pending acks', async () => {
    const { ns, publisher, def, consumerInfo } = await setUp();
    const published = await publisher.publishMany(Array.from({ length: 40 }, (_, i) => candle('BTCUSDT', i)));
    const own = await connectTestBus('durable-drain-test');
    const seqs: number[] = [];
    await consumeDurable(own, {
      ns,
      stream: def.stream,
      consumer: def.config.durable_name,
      handler: async (_event, meta) => {
        await sleep(5);
        seqs.push(meta.streamSeq);
      },
    });
    await waitFor('a few handled', () => seqs.length >= 5);
    const handledBeforeDrain = seqs.length;
    await own.drain();
    expect(own.isConnected()).toBe(false);

    const info = await consumerInfo();
    expect(info.num_ack_pending).toBe(0);
    expect(seqs).toEqual(published.slice(0, seqs.length).map((p) => p.seq));
    expect(info.ack_floor.stream_seq).toBe(seqs.at(-1));
    expect(info.num_pending).toBe(published.length - seqs.length);
    // What the consumer had pulled when the drain began was finished, not dropped.
    expect(seqs.length).toBeGreaterThan(handledBeforeDrain);
  });
});

