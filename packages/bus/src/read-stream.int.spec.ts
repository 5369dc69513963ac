import { streamName, subjects } from '@mast/contracts';
import { candle, cleanUp, connectTestBus, testNamespace } from '../test/nats-test-kit';
import type { Bus } from './connect-bus';
import { provisionNamespace } from './provision';
import { createPublisher } from './publisher';
import type { PublishResult } from './publisher';
import { readStream } from './read-stream';
import type { InvalidStreamMessage, ReadStreamOptions } from './read-stream';

describe('readStream', () => {
  const ns = testNamespace();
  const md = streamName(ns, 'md');
  let bus: Bus;
  let published: PublishResult[];
  let invalidSeq: number;
  beforeAll(async () => {
    bus = await connectTestBus('read-stream-test');
    await provisionNamespace(bus.jsm, ns, { services: [] });
    const publisher = createPublisher(bus, { ns });
    // BTC and ETH interleaved, then one message that is not an event, then two more BTC.
    const first = await publisher.publishMany(Array.from({ length: 10 }, (_, i) => candle(i % 2 === 0 ? 'BTCUSDT' : 'ETHUSDT', i)));
    invalidSeq = (await bus.js.publish(subjects(ns).candle('BTCUSDT'), '{"type":"CandleClosed"}')).seq;
    // A gap in store time, for reading from a start time.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const last = await publisher.publishMany([candle('BTCUSDT', 20), candle('BTCUSDT', 21)]);
    published = [...first, ...last];
  });
  afterAll(() => cleanUp(bus, ns));

  async function read(options: Omit<ReadStreamOptions, 'stream'> = {}) {
    const invalid: InvalidStreamMessage[] = [];
    const seqs: number[] = [];
    const symbols: string[] = [];
    for await (const { event, meta } of readStream(bus, { stream: md, onInvalid: (m) => invalid.push(m), ...options })) {
      seqs.push(meta.streamSeq);
      symbols.push(event.symbol ?? '');
      expect(meta.stream).toBe(md);
    }
    return { seqs, symbols, invalid };
  }

  it('reads every event from the start and ends when caught up, reporting the invalid message', async () => {
    const { seqs, invalid } = await read();
    expect(seqs).toEqual(published.map((p) => p.seq));
    expect(invalid.map((m) => [m.meta.streamSeq, m.kind])).toEqual([[invalidSeq, 'invalid_event']]);
  });

  it('gives each entry its delivery info, readable after the read has moved on (it is parsed when asked for)', async () => {
    const metas = [];
    for await (const { meta } of readStream(bus, { stream: md, onInvalid: () => undefined })) metas.push(meta);
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    expect(metas.map((m) => m.streamSeq)).toEqual(published.map((p) => p.seq));
    for (const meta of metas) {
      expect({ stream: meta.stream, deliveries: meta.deliveries, redelivered: meta.redelivered }).toEqual({ stream: md, deliveries: 1, redelivered: false });
      expect(meta.subject.startsWith(`${ns}.md.`)).toBe(true);
      expect(meta.timestampNs > nowNs - 600_000_000_000n && meta.timestampNs <= nowNs + 1_000_000_000n).toBe(true);
    }
  });

  it('starts at a sequence and stops at untilSeq', async () => {
    const from = published[3]?.seq ?? 0;
    const until = published[7]?.seq ?? 0;
    const { seqs } = await read({ startSeq: from, untilSeq: until });
    expect(seqs).toEqual(published.slice(3, 8).map((p) => p.seq));
  });

  it('starts at a time', async () => {
    const stored = await bus.jsm.streams.getMessage(md, { seq: published[10]?.seq ?? 0 });
    if (!stored) throw new Error('the message is stored');
    const { seqs, invalid } = await read({ startTime: stored.time });
    expect(seqs).toEqual(published.slice(10).map((p) => p.seq));
    expect(invalid).toEqual([]);
  });

  it('filters by subject and ends even though the last message of the stream does not match', async () => {
    const { seqs, symbols } = await read({ filterSubject: subjects(ns).candle('ETHUSDT') });
    expect(seqs).toEqual(published.filter((_, i) => i < 10 && i % 2 === 1).map((p) => p.seq));
    expect(new Set(symbols)).toEqual(new Set(['ETHUSDT']));
  });

  it('ends at once on an empty stream, or when nothing matches from the start position', async () => {
    const started = Date.now();
    expect((await read({ filterSubject: subjects(ns).candle('SOLUSDT') })).seqs).toEqual([]);
    const empty: number[] = [];
    for await (const { meta } of readStream(bus, { stream: streamName(ns, 'sig') })) empty.push(meta.streamSeq);
    expect(empty).toEqual([]);
    // Neither waited for a pull to expire.
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('does not wait for events stored after it started, and leaves no consumer behind', async () => {
    const publisher = createPublisher(bus, { ns });
    const seqs: number[] = [];
    let extra: PublishResult | undefined;
    for await (const { meta } of readStream(bus, { stream: md, batch: 3 })) {
      seqs.push(meta.streamSeq);
      if (extra === undefined) extra = await publisher.publish(candle('SOLUSDT', 50));
    }
    expect(seqs).toEqual(published.map((p) => p.seq));
    expect(extra?.seq).toBeGreaterThan(Math.max(...seqs));
    const consumers = [];
    for await (const c of bus.jsm.consumers.list(md)) consumers.push(c.name);
    expect(consumers).toEqual([]);
  });

  it('refuses startSeq together with startTime', async () => {
    await expect(read({ startSeq: 1, startTime: new Date() })).rejects.toThrow(/not both/);
  });
});
