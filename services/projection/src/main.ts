import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { z } from 'zod';
import { consumeDurable } from '@mast/bus';
import { consumerDefinitions } from '@mast/contracts';
import { createProjector, migrate, type ProjectionItem } from '@mast/read-model';
import { baseConfigShape, runMain, startService } from '@mast/runtime';
import { createBatcher } from './batcher';
import { registerProjectionMetrics } from './projection-metrics';
import { apiConfigSchema, startQueryApi } from './query-api/start-query-api';

const schema = z.strictObject({
  ...baseConfigShape,
  batch: z.strictObject({ maxItems: z.number().int().min(1).default(2000), maxWaitMs: z.number().int().min(1).default(20) }).default({ maxItems: 2000, maxWaitMs: 20 }),
  api: apiConfigSchema,
});

/**
 * Every stream of the namespace into the Postgres read model (mast_<ns>), in batches of one
 * transaction that also advance each stream's checkpoint, so a redelivery is never applied
 * twice; hot snapshots to Redis after each commit. Postgres and Redis come from DATABASE_URL and
 * REDIS_URL, the variables every tool and test here uses. The query API and the dashboard
 * (query-api/) read the same read model on MAST_API_PORT.
 */
async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', max: 4 });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined); // a cache outage is logged by the projector and never blocks the read model
  // An idle connection dropped by the server (Postgres restarting, a network cut) is an 'error'
  // on the pool; the next query gets a fresh connection, and failed batches are retried.
  pool.on('error', () => undefined);
  const service = await startService({
    name: 'projection',
    schema,
    readiness: {
      postgres: async () => (await pool.query('select 1')).rowCount === 1,
      redis: () => redis.status === 'ready',
    },
  });
  const { config, bus, logger, metrics, publisher, shutdown } = service;
  shutdown.add('postgres', () => pool.end());
  shutdown.add('redis', () => void redis.quit().catch(() => undefined));

  // Postgres may be down at start: keep trying, the log waits for us.
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await migrate(pool, config.ns);
      logger.info({ schema: result.schemaName, applied: result.applied }, 'read model migrated');
      break;
    } catch (error) {
      logger.warn({ err: error, attempt }, 'cannot migrate the read model yet; retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * attempt)));
    }
  }
  await startQueryApi({ config: config.api, ns: config.ns, pool, redis, logger, metrics, publisher, shutdown });
  const projector = createProjector({ pool, ns: config.ns, redis, logger });
  const projectionMetrics = registerProjectionMetrics(metrics);
  let closing = false;
  const batcher = createBatcher<ProjectionItem>(
    async (items) => {
      // A failed transaction (Postgres away) is retried here with backoff: the messages stay
      // unacknowledged meanwhile, and the checkpoints make a later redelivery harmless. On the
      // way out it gives up: the messages are redelivered to the next instance.
      for (let attempt = 1; !closing; attempt++) {
        try {
          const started = performance.now();
          const result = await projector.applyBatch(items);
          projectionMetrics.batchApplied(result, (performance.now() - started) / 1000, items.reduce((max, item) => Math.max(max, item.event.ts), 0) || null);
          return;
        } catch (error) {
          projectionMetrics.batchFailed();
          if (closing) throw error;
          logger.warn({ err: error, attempt, items: items.length }, 'read model batch failed; retrying');
          await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 200 * attempt)));
        }
      }
    },
    config.batch,
  );
  shutdown.add('batcher', async () => {
    await batcher.flush().catch(() => undefined);
    closing = true;
  });
  // Closers run last-added first: the consumers stop (finishing what they hold) before the
  // batcher's last flush, which comes before the pool closes.
  const consumers: { stop(): Promise<void> }[] = [];
  shutdown.add('consumers', async () => {
    await Promise.all(consumers.map((c) => c.stop()));
  });
  for (const definition of consumerDefinitions(config.ns, 'projection')) {
    const { stream } = definition;
    const consumer = definition.config.durable_name;
    const durable = await consumeDurable(bus, {
      ns: config.ns,
      stream,
      consumer,
      source: 'projection',
      logger,
      // Messages are handed to the batcher in stream order and acknowledged once committed.
      concurrency: config.batch.maxItems,
      batch: 500,
      handler: (event, meta) => batcher.add({ event, stream, seq: meta.streamSeq }),
      observer: metrics.busObserver({ stream, consumer, pending: () => durable.pending() }),
    });
    consumers.push(durable);
  }
}

runMain('projection', main);
