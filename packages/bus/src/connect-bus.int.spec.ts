import { NATS_URL, recordingLogger } from '../test/nats-test-kit';
import { isBusConfigError } from './bus-config-error';
import { connectBus } from './connect-bus';

describe('connectBus', () => {
  it('connects with JetStream, reports readiness, and drains to closed', async () => {
    const logger = recordingLogger();
    const bus = await connectBus({ servers: NATS_URL, name: 'connect-test', logger });
    expect(bus.isConnected()).toBe(true);
    expect((await bus.jsm.getAccountInfo()).limits).toBeDefined();
    await bus.drain();
    expect(bus.isConnected()).toBe(false);
    expect(await bus.closed()).toBeUndefined();
    expect(bus.nc.isClosed()).toBe(true);
  });

  it('refuses options that cannot work before connecting', async () => {
    const cases = [
      { servers: [], name: 'x' },
      { servers: NATS_URL, name: ' ' },
      { servers: NATS_URL, name: 'x', user: 'u' },
      { servers: NATS_URL, name: 'x', user: 'u', pass: 'p', token: 't' },
      { servers: NATS_URL, name: 'x', timeoutMs: 0 },
    ];
    for (const options of cases) {
      const failure = await connectBus(options).catch((error: unknown) => error);
      expect([JSON.stringify(options), isBusConfigError(failure)]).toEqual([JSON.stringify(options), true]);
    }
  });

  it('fails to connect to a server that is not there', async () => {
    await expect(connectBus({ servers: 'nats://127.0.0.1:1', name: 'nowhere' })).rejects.toThrow();
  });
});
