import { allConsumerDefinitions, consumerDefinitions, streamDefinition, streamDefinitions, subjects } from '@mast/contracts';
import { cleanUp, connectTestBus, testNamespace } from '../test/nats-test-kit';
import type { Bus } from './connect-bus';
import { deleteNamespace } from './delete-namespace';
import { ensureConsumer, ensureStream, isProvisionError, provisionNamespace } from './provision';

describe('provisionNamespace', () => {
  const ns = testNamespace();
  let bus: Bus;
  beforeAll(async () => {
    bus = await connectTestBus('provision-test');
  });
  afterAll(() => cleanUp(bus, ns));

  it('creates every stream and consumer of the namespace, and a second run changes nothing', async () => {
    const first = await provisionNamespace(bus.jsm, ns);
    expect(first.streams.map((s) => [s.name, s.action])).toEqual(streamDefinitions(ns).map((d) => [d.name, 'created']));
    expect(first.consumers.map((c) => [c.stream, c.name, c.action])).toEqual(allConsumerDefinitions(ns).map((d) => [d.stream, d.config.durable_name, 'created']));

    const second = await provisionNamespace(bus.jsm, ns);
    expect(second.streams.every((s) => s.action === 'unchanged')).toBe(true);
    expect(second.consumers.every((c) => c.action === 'unchanged')).toBe(true);

    for (const def of streamDefinitions(ns)) {
      const { config } = await bus.jsm.streams.info(def.name);
      expect({ subjects: config.subjects, max_age: config.max_age, duplicate_window: config.duplicate_window, deny_delete: config.deny_delete, retention: config.retention, storage: config.storage }).toEqual({
        subjects: def.subjects,
        max_age: def.max_age,
        duplicate_window: def.duplicate_window,
        deny_delete: def.deny_delete,
        retention: def.retention,
        storage: def.storage,
      });
    }
    const [execution] = consumerDefinitions(ns, 'execution');
    if (!execution) throw new Error('contracts define an execution consumer');
    const { config } = await bus.jsm.consumers.info(execution.stream, execution.config.durable_name);
    expect({ filter: config.filter_subject, backoff: config.backoff, max_deliver: config.max_deliver, max_ack_pending: config.max_ack_pending }).toEqual({
      filter: execution.config.filter_subject,
      backoff: execution.config.backoff,
      max_deliver: execution.config.max_deliver,
      max_ack_pending: execution.config.max_ack_pending,
    });
  });

  it('updates a consumer and a stream whose settings drifted, keeping the data', async () => {
    const [def] = consumerDefinitions(ns, 'signal');
    if (!def) throw new Error('contracts define a signal consumer');
    await bus.jsm.consumers.update(def.stream, def.config.durable_name, { max_ack_pending: 7 });
    const streamDef = streamDefinition(ns, 'sys');
    await bus.js.publish(subjects(ns).system('service'), 'kept');
    await bus.jsm.streams.update(streamDef.name, { max_age: 3_600_000_000_000 });

    expect(await ensureConsumer(bus.jsm, def)).toEqual({ action: 'updated', changed: ['max_ack_pending'] });
    expect(await ensureStream(bus.jsm, streamDef)).toEqual({ action: 'updated', changed: ['max_age'] });
    expect((await bus.jsm.consumers.info(def.stream, def.config.durable_name)).config.max_ack_pending).toBe(def.config.max_ack_pending);
    const after = await bus.jsm.streams.info(streamDef.name);
    expect([after.config.max_age, after.state.messages]).toEqual([streamDef.max_age, 1]);
  });

  it('refuses to change what the server cannot change in place', async () => {
    const other = testNamespace();
    const def = streamDefinition(other, 'md');
    try {
      await bus.jsm.streams.add({ name: def.name, subjects: [...def.subjects], storage: 'memory' });
      const failure = await ensureStream(bus.jsm, def).catch((error: unknown) => error);
      expect(isProvisionError(failure)).toBe(true);
      expect(String(failure)).toContain('storage');
      expect((await bus.jsm.streams.info(def.name)).config.storage).toBe('memory');
    } finally {
      await deleteNamespace(bus.jsm, other);
    }
  });

  it('deleteNamespace removes only that namespace and refuses live without force', async () => {
    const other = testNamespace();
    await provisionNamespace(bus.jsm, other, { services: [] });
    expect(await deleteNamespace(bus.jsm, other)).toEqual(streamDefinitions(other).map((d) => d.name));
    expect((await bus.jsm.streams.info(streamDefinition(ns, 'md').name)).config.name).toBe(streamDefinition(ns, 'md').name);
    await expect(deleteNamespace(bus.jsm, 'live')).rejects.toThrow(/force/);
  });
});
