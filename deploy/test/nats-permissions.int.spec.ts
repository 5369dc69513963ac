import { connectBus, createPublisher, provisionNamespace, readStream, silentBusLogger } from '@mast/bus';
import type { Bus } from '@mast/bus';
import { consumerDefinitions, streamName, subjects } from '@mast/contracts';
import type { EventType, MastEvent } from '@mast/contracts';
import { exampleEvent } from '../../packages/contracts/test/event-examples';
import { startSecuredNats } from './nats-server-process';
import type { SecuredNats } from './nats-server-process';
import type { NatsUserName } from './nats-users';

/**
 * A real nats-server with the committed deploy/nats/users.conf: each service can do its part of
 * the normal flow, and is refused outside it. The deployment namespace here is `live` (the server
 * is this test's own, on a free port with a temporary store).
 */

const NS = 'live';
const REPLAY_NS = `replay-${Date.now().toString(36)}`;
let nats: SecuredNats;
const buses = new Map<NatsUserName, Bus>();

const bus = (user: NatsUserName): Bus => buses.get(user)!;
const publisherOf = (user: NatsUserName, ns = NS) => createPublisher(bus(user), { ns, attempts: 1, timeoutMs: 5000 });
const event = (type: EventType): MastEvent => exampleEvent(type);
const consumer = (service: 'execution' | 'risk' | 'projection', durable: string) => {
  const def = consumerDefinitions(NS, service).find((d) => d.config.durable_name === durable);
  if (!def) throw new Error(`contracts define no consumer ${durable} for ${service}`);
  return def;
};
const escape = (text: string) => text.replace(/[.$*>]/g, (c) => `\\${c}`);
const refusal = (subject: string) => new RegExp(`Permissions Violation for Publish to "${escape(subject)}"`);

/**
 * A refused event publish: the publisher fails (the bus surfaces the server's refusal of a
 * request as an ack timeout) and the server logged the violation for that user and subject.
 */
async function expectRefused(user: NatsUserName, refused: MastEvent, ns = NS): Promise<void> {
  const subject = subjects(ns).forEvent(refused);
  await expect(createPublisher(bus(user), { ns, attempts: 1, timeoutMs: 500 }).publish(refused)).rejects.toThrow(/failed after 1 attempt/);
  await expectViolationLogged(user, subject);
}

async function expectViolationLogged(user: NatsUserName, subject: string): Promise<void> {
  const line = new RegExp(`Publish Violation - User "${escape(user)}", Subject "${escape(subject)}"`);
  for (const deadline = Date.now() + 5000; !line.test(nats.log()); ) {
    if (Date.now() > deadline) throw new Error(`the server logged no violation for ${user} publishing to ${subject}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Pulls one message from a durable as `user`; what it got, or the error that ended the pull. */
async function pullOne(user: NatsUserName, stream: string, durable: string): Promise<string> {
  try {
    const pull = await bus(user).js.consumers.get(stream, durable);
    for await (const msg of await pull.fetch({ max_messages: 1, expires: 1000 })) return `took ${msg.subject}`;
    return 'nothing';
  } catch (error) {
    return `failed: ${(error as Error).message}`;
  }
}

beforeAll(async () => {
  nats = await startSecuredNats();
  for (const user of ['admin', 'market-data', 'signal', 'risk', 'execution', 'notifier', 'projection', 'replay'] as const) {
    buses.set(user, await connectBus({ servers: nats.url, name: `perm-test-${user}`, user, pass: nats.passwords[user], logger: silentBusLogger, timeoutMs: 5000 }));
  }
  // The provisioning job's part: streams and durable consumers, as admin.
  await provisionNamespace(bus('admin').jsm, NS);
}, 30_000);

afterAll(async () => {
  await Promise.all([...buses.values()].map((b) => b.close()));
  await nats?.stop();
});

describe('NATS permissions from deploy/nats/users.conf', () => {
  it('refuses a wrong password', async () => {
    await expect(connectBus({ servers: nats.url, name: 'intruder', user: 'risk', pass: 'not-the-password', logger: silentBusLogger, timeoutMs: 2000 })).rejects.toThrow(/Authorization|authentication/i);
  });

  it('lets only risk publish an order request, and execution take it from its durable consumer', async () => {
    const order = event('OrderRequested');
    const subject = subjects(NS).forEvent(order);
    await expect(publisherOf('risk').publish(order)).resolves.toMatchObject({ stream: streamName(NS, 'risk'), duplicate: false });
    for (const user of ['signal', 'execution', 'projection', 'notifier', 'market-data'] as const) await expectRefused(user, order);
    expect((await bus('admin').jsm.streams.info(streamName(NS, 'risk'))).state.messages).toBe(1);

    const { stream, config } = consumer('execution', 'execution-orders');
    const orders = await bus('execution').js.consumers.get(stream, config.durable_name);
    const batch = await orders.fetch({ max_messages: 1, expires: 2000 });
    const taken: string[] = [];
    for await (const msg of batch) {
      taken.push(msg.subject);
      msg.ack();
    }
    expect(taken).toEqual([subject]);
    // Another service cannot pull from execution's consumer (it would steal orders).
    await publisherOf('risk').publish({ ...order, id: 'perm-test-second-order' } as MastEvent);
    expect(await pullOne('projection', stream, config.durable_name)).not.toMatch(/^took/);
    await expectViolationLogged('projection', `$JS.API.CONSUMER.MSG.NEXT.${stream}.${config.durable_name}`);
    await expect(bus('projection').jsm.consumers.delete(stream, config.durable_name)).rejects.toThrow(refusal(`$JS.API.CONSUMER.DELETE.${stream}.${config.durable_name}`));
    expect(await pullOne('execution', stream, config.durable_name)).toBe(`took ${subject}`);
  });

  it('lets only execution publish execution events and only the operator path publish controls', async () => {
    await expect(publisherOf('execution').publish(event('OrderFilled'))).resolves.toMatchObject({ stream: streamName(NS, 'exec') });
    await expectRefused('risk', event('PositionOpened'));
    expect((await bus('admin').jsm.streams.info(streamName(NS, 'exec'))).state.messages).toBe(1);

    const halt = event('HaltRequested');
    const pause = event('EntriesPaused');
    await expect(publisherOf('notifier').publish(halt)).resolves.toMatchObject({ stream: streamName(NS, 'ctl') });
    await expect(publisherOf('projection').publish(pause)).resolves.toMatchObject({ stream: streamName(NS, 'ctl') });
    for (const user of ['risk', 'signal', 'execution', 'market-data'] as const) await expectRefused(user, event('TradingResumed'));
    // What landed: exactly the two permitted commands.
    const info = await bus('admin').jsm.streams.info(streamName(NS, 'ctl'));
    expect(info.state.messages).toBe(2);
  });

  it('keeps each service on its own subjects: signal and market-data', async () => {
    await expect(publisherOf('market-data').publish(event('CandleClosed'))).resolves.toMatchObject({ stream: streamName(NS, 'md') });
    await expect(publisherOf('signal').publish(event('CandleAssessed'))).resolves.toMatchObject({ stream: streamName(NS, 'sig') });
    await expectRefused('signal', event('CandleGapDetected'));
    await expectRefused('market-data', event('EntrySignalled'));
    // No service may change a stream: that is the provisioning job's.
    await expect(bus('signal').jsm.streams.purge(streamName(NS, 'md'))).rejects.toThrow(/Permissions Violation/);
    await expect(bus('risk').jsm.consumers.delete(streamName(NS, 'risk'), 'execution-orders')).rejects.toThrow(/Permissions Violation/);
  });

  it('lets the replay user work in its own namespace, read the recorded live candles, and nothing more', async () => {
    const replay = bus('replay');
    // Its own namespace: provisioned and used by the replay user itself.
    await provisionNamespace(replay.jsm, REPLAY_NS);
    await expect(publisherOf('replay', REPLAY_NS).publish(event('CandleClosed'))).resolves.toMatchObject({ stream: streamName(REPLAY_NS, 'md') });
    await expect(publisherOf('replay', REPLAY_NS).publish(event('OrderRequested'))).resolves.toMatchObject({ stream: streamName(REPLAY_NS, 'risk') });

    // The recorded live candles can be read (that is what a replay replays) ...
    const read: string[] = [];
    for await (const entry of readStream(replay, { stream: streamName(NS, 'md') })) read.push(entry.event.type);
    expect(read).toEqual(['CandleClosed']);

    // ... but nothing live can be written, changed or consumed.
    await expectRefused('replay', event('OrderRequested'));
    await expectRefused('replay', event('HaltRequested'));
    await expectRefused('replay', event('CandleClosed'));
    await expect(replay.jsm.streams.purge(streamName(NS, 'md'))).rejects.toThrow(/Permissions Violation/);
    await expect(replay.jsm.streams.delete(streamName(NS, 'exec'))).rejects.toThrow(/Permissions Violation/);
    await expect(replay.jsm.consumers.delete(streamName(NS, 'risk'), 'execution-orders')).rejects.toThrow(/Permissions Violation/);
    const { stream, config } = consumer('risk', 'risk-control');
    await expect(replay.jsm.consumers.info(stream, config.durable_name)).resolves.toBeDefined();
    await publisherOf('notifier').publish(event('TradingResumed'));
    expect(await pullOne('replay', stream, config.durable_name)).not.toMatch(/^took/);
    await expectViolationLogged('replay', `$JS.API.CONSUMER.MSG.NEXT.${stream}.${config.durable_name}`);
    // Nor can it listen to live subjects on plain NATS.
    const heard: string[] = [];
    const sub = replay.nc.subscribe(`${NS}.>`, { callback: (_error, msg) => {
        heard.push(msg.subject);
      } });
    await publisherOf('market-data').publish({ ...event('CandleClosed'), id: 'perm-test-second-candle' } as MastEvent);
    await replay.nc.flush();
    sub.unsubscribe();
    expect(heard).toEqual([]);
    expect((await bus('admin').jsm.streams.info(streamName(NS, 'risk'))).state.messages).toBe(2);
    expect((await bus('admin').jsm.streams.info(streamName(NS, 'md'))).state.messages).toBe(2);
  });
});
