import { connect, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { Redis } from 'ioredis';
import { migrate } from '../src/migrate';
import { snapshotKeys } from '../src/projection/redis-snapshots';
import { createProjector } from '../src/projector';
import type { ProjectorLogger } from '../src/projector';
import { readModel } from '../src/queries/read-model';
import { handLog } from './hand-log';
import { onTheirStreams } from './log-items';
import { cleanUp, REDIS_URL, testNamespace, testPool, testRedis } from './services';

const pool = testPool();
const redis = testRedis();
const namespaces: string[] = [];

async function freshNamespace(): Promise<string> {
  const ns = testNamespace();
  namespaces.push(ns);
  await migrate(pool, ns);
  return ns;
}

/** A logger that keeps what it is told, to assert on. */
function sink(): ProjectorLogger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (_context, message) => messages.push(message) };
}

const getJson = async (key: string): Promise<unknown> => {
  const text = await redis.get(key);
  return text === null ? null : JSON.parse(text);
};

afterAll(async () => {
  await cleanUp(pool, namespaces, redis);
  redis.disconnect();
  await pool.end();
});

describe('redis snapshots', () => {
  const log = handLog();

  it('writes the portfolio, positions and regimes the batch changed, as the queries give them', async () => {
    const ns = await freshNamespace();
    const projector = createProjector({ pool, ns, redis });
    const model = readModel(pool, ns);
    const items = onTheirStreams(ns, log.events);

    const opened = await projector.applyBatch(items.slice(0, 5));
    expect(opened.redisFailed).toBe(false);
    expect(opened.redisWritten).toBe(2);
    const positions = await model.positions();
    expect(positions).toHaveLength(2);
    expect(await getJson(snapshotKeys.positions(ns))).toEqual(positions);
    expect(await getJson(snapshotKeys.portfolio(ns))).toEqual(await model.portfolio());

    const rest = await projector.applyBatch(items.slice(5));
    expect(rest.redisFailed).toBe(false);
    expect(await getJson(snapshotKeys.positions(ns))).toEqual([]);
    expect(await getJson(snapshotKeys.portfolio(ns))).toEqual(await model.portfolio());
    for (const regime of await model.regimes()) expect(await getJson(snapshotKeys.regime(ns, regime.symbol))).toEqual(regime);
    expect(await redis.exists(snapshotKeys.regime(ns, 'BTCUSDT'), snapshotKeys.regime(ns, 'ETHUSDT'))).toBe(2);
    expect(projector.stats()).toMatchObject({ redisFailures: 0, batches: 2 });
  });

  it('commits the batch when Redis is down, and counts and logs the failure', async () => {
    const ns = await freshNamespace();
    const port = await freePort();
    // A client pointed at a port nothing listens on. It is not told to connect: a failed connect
    // leaves an ioredis timer behind for ~2 s, and the projector treats any status but `ready` alike.
    const down = new Redis({ host: '127.0.0.1', port, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const logger = sink();
    try {
      const projector = createProjector({ pool, ns, redis: down, logger });
      const result = await projector.applyBatch(onTheirStreams(ns, log.events));
      expect(result).toMatchObject({ applied: log.events.length, trades: 2, redisFailed: true, redisWritten: 0 });
      expect(projector.stats()).toMatchObject({ batches: 1, redisFailures: 1 });
      expect(logger.messages).toEqual([expect.stringContaining('redis snapshot write failed')]);
      expect((await readModel(pool, ns).portfolio()).trades).toBe(2);
    } finally {
      down.disconnect();
    }
  });

  it('gives up on a Redis that stops answering', async () => {
    const ns = await freshNamespace();
    const proxy = await stallingProxy(new URL(REDIS_URL));
    const stalled = new Redis({ host: '127.0.0.1', port: proxy.port, maxRetriesPerRequest: 0 });
    stalled.on('error', () => undefined);
    try {
      await new Promise<void>((resolve) => stalled.once('ready', () => resolve()));
      proxy.stall();
      const projector = createProjector({ pool, ns, redis: stalled, redisTimeoutMs: 200 });
      const started = performance.now();
      const result = await projector.applyBatch(onTheirStreams(ns, log.events));
      expect(result.redisFailed).toBe(true);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect((await readModel(pool, ns).portfolio()).trades).toBe(2);
    } finally {
      stalled.disconnect();
      await proxy.close();
    }
  });

});

/** A TCP proxy to Redis that, once told to stall, stops passing anything on (a network partition). */
async function stallingProxy(target: URL): Promise<{ port: number; stall: () => void; close: () => Promise<void> }> {
  let stalled = false;
  const sockets: Socket[] = [];
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    sockets.push(client, upstream);
    client.on('data', (chunk) => {
      if (!stalled) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!stalled) client.write(chunk);
    });
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stall: () => {
      stalled = true;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
