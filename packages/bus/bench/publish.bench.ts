/**
 * JetStream throughput through @mast/bus, the baseline for the pipeline benchmark.
 *
 *   npx tsx --conditions=@mast/source packages/bus/bench/publish.bench.ts
 *
 * Env: NATS_URL (default nats://127.0.0.1:4222), BENCH_N messages per run (default 20000),
 * BENCH_RUNS (default 3; the median is printed). Works in a namespace of its own (`bench-<random>`)
 * and deletes it at the end.
 */
import { randomBytes } from 'node:crypto';
import { DeliverPolicy } from '@nats-io/jetstream';
import { consumerDefinitions, makeEvent, streamName, subjects } from '@mast/contracts';
import type { EventOf } from '@mast/contracts';
import { connectBus, consumeDurable, createPublisher, deleteNamespace, provisionNamespace, readStream, silentBusLogger, toConsumerConfig } from '../src/index';
import type { Bus } from '../src/index';

const N = Number(process.env.BENCH_N ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const IN_FLIGHT = 1000;
const T0 = Date.UTC(2020, 0, 1);

let nextMinute = 0;
/** N distinct candles (distinct ids, or the duplicate window would drop them). */
function candles(n: number): EventOf<'CandleClosed'>[] {
  return Array.from({ length: n }, () => {
    const i = nextMinute++;
    const ts = T0 + i * 60_000;
    return makeEvent('CandleClosed', { ts: ts + 60_000, source: 'bench', data: { symbol: 'BTCUSDT', ts, open: 42_000.5, high: 42_100.25, low: 41_950.75, close: 42_050, volume: 12.345 } });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

/** nats.js alone: js.publish with a msg id, IN_FLIGHT at a time, payloads prepared beforehand. */
async function rawPublish(bus: Bus, ns: string): Promise<number> {
  const events = candles(N);
  const subject = subjects(ns).candle('BTCUSDT');
  const payloads = events.map((e) => JSON.stringify(e));
  const started = performance.now();
  for (let i = 0; i < N; i += IN_FLIGHT) {
    const burst = [];
    for (let j = i; j < Math.min(N, i + IN_FLIGHT); j++) burst.push(bus.js.publish(subject, payloads[j], { msgID: events[j]?.id ?? '' }));
    await Promise.all(burst);
  }
  return rate(N, performance.now() - started);
}

/** Our publisher: validation, subject routing, headers, msg id, expected stream, bursts of IN_FLIGHT. */
async function publishMany(bus: Bus, ns: string): Promise<number> {
  const events = candles(N);
  const publisher = createPublisher(bus, { ns, maxInFlight: IN_FLIGHT });
  const started = performance.now();
  await publisher.publishMany(events);
  return rate(N, performance.now() - started);
}

/** Publish N and consume them with a durable consumer (explicit acks), until the last is handled. */
async function roundTrip(bus: Bus, ns: string, run: number): Promise<number> {
  const [contractDef] = consumerDefinitions(ns, 'signal');
  if (!contractDef) throw new Error('contracts define a signal consumer');
  // The signal service's consumer config, under a name of its own that starts at the stream's end.
  const durable = `bench-${run}`;
  await bus.jsm.consumers.add(contractDef.stream, { ...toConsumerConfig(contractDef.config), durable_name: durable, deliver_policy: DeliverPolicy.New });
  const events = candles(N);
  const publisher = createPublisher(bus, { ns, maxInFlight: IN_FLIGHT });
  let handled = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  const consumer = await consumeDurable(bus, {
    ns,
    stream: contractDef.stream,
    consumer: durable,
    batch: 1000,
    handler: () => {
      if (++handled === N) done();
    },
  });
  const started = performance.now();
  await publisher.publishMany(events);
  await finished;
  const elapsed = performance.now() - started;
  await consumer.stop();
  await bus.jsm.consumers.delete(contractDef.stream, durable);
  return rate(N, elapsed);
}

/** A durable consumer (explicit acks, synchronous handler) working through the whole stream as a backlog. */
async function consumeBacklog(bus: Bus, ns: string, run: number): Promise<number> {
  const [contractDef] = consumerDefinitions(ns, 'signal');
  if (!contractDef) throw new Error('contracts define a signal consumer');
  const durable = `bench-backlog-${run}`;
  const { num_pending: backlog } = await bus.jsm.consumers.add(contractDef.stream, { ...toConsumerConfig(contractDef.config), durable_name: durable });
  let handled = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  const started = performance.now();
  const consumer = await consumeDurable(bus, {
    ns,
    stream: contractDef.stream,
    consumer: durable,
    batch: 1000,
    handler: () => {
      if (++handled === backlog) done();
    },
  });
  await finished;
  const elapsed = performance.now() - started;
  await consumer.stop();
  await bus.jsm.consumers.delete(contractDef.stream, durable);
  return rate(backlog, elapsed);
}

/** Ordered consumer read of the whole stream, as a service's rebuild does. */
async function readAll(bus: Bus, stream: string): Promise<number> {
  let n = 0;
  const started = performance.now();
  for await (const entry of readStream(bus, { stream, batch: 1000 })) if (entry.event.type === 'CandleClosed') n++;
  return rate(n, performance.now() - started);
}

async function main(): Promise<void> {
  const bus = await connectBus({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', name: 'bus-bench', logger: silentBusLogger });
  const ns = `bench-${randomBytes(4).toString('hex')}`;
  try {
    await provisionNamespace(bus.jsm, ns, { services: [] });
    const figures: Record<string, number[]> = { raw: [], many: [], trip: [], backlog: [], read: [] };
    for (let run = 0; run < RUNS; run++) {
      figures.raw?.push(await rawPublish(bus, ns));
      figures.many?.push(await publishMany(bus, ns));
      figures.trip?.push(await roundTrip(bus, ns, run));
      figures.backlog?.push(await consumeBacklog(bus, ns, run));
      figures.read?.push(await readAll(bus, streamName(ns, 'md')));
    }
    const row = (what: string, key: string) => console.log(`| ${what} | ${median(figures[key] ?? []).toLocaleString('en-US')} | ${(figures[key] ?? []).map((x) => x.toLocaleString('en-US')).join(', ')} |`);
    console.log(`\n@mast/bus JetStream benchmark: ${N.toLocaleString('en-US')} msgs per run, ${RUNS} runs, ~${JSON.stringify(candles(1)[0]).length}-byte candles, file stream`);
    console.log('| what | median msg/s | runs |');
    console.log('|---|---|---|');
    row(`raw js.publish with msg id, ${IN_FLIGHT} in flight`, 'raw');
    row(`publisher.publishMany (validate + route + headers), ${IN_FLIGHT} in flight`, 'many');
    row('publishMany + consumeDurable round trip (explicit ack)', 'trip');
    row('consumeDurable of a backlog (whole stream, explicit ack)', 'backlog');
    row('readStream (ordered consumer, whole stream)', 'read');
  } finally {
    await deleteNamespace(bus.jsm, ns);
    await bus.drain();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
