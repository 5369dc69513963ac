import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { connectBus, createPublisher, type Bus, type Publisher } from '@mast/bus';
import { isConfigError, makeEvent, resolveStrategyConfig, type StrategyConfig } from '@mast/contracts';
import {
  createLogger,
  createMetrics,
  exitOnConfigError,
  loadServiceConfig,
  onShutdown,
  secretValues,
  startHealthServer,
  type HealthServer,
  type Logger,
  type Metrics,
  type ReadinessCheck,
  type Shutdown,
} from '@mast/observability';
import type { baseConfigShape } from './base-config';

type BaseConfig = z.output<z.ZodObject<typeof baseConfigShape>>;

export interface ServiceContext<C extends BaseConfig> {
  readonly name: string;
  readonly config: C;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly bus: Bus;
  readonly publisher: Publisher;
  readonly health: HealthServer;
  readonly shutdown: Shutdown;
}

export interface StartServiceOptions<S extends z.ZodType> {
  readonly name: string;
  readonly schema: S;
  readonly env?: NodeJS.ProcessEnv;
  /** More readiness checks than NATS (Postgres, Redis, the exchange). */
  readonly readiness?: Record<string, ReadinessCheck>;
}

/**
 * Everything a service does before its own work, in the order it must happen: config (every bad
 * field named, exit 2), logger with the config's secrets to scrub, metrics, shutdown on
 * SIGTERM/SIGINT, the health server, the bus and a publisher for the namespace. Closers run in
 * reverse: readiness goes 503 first, then consumers stop and the connection drains.
 */
export async function startService<S extends z.ZodType<BaseConfig>>(options: StartServiceOptions<S>): Promise<ServiceContext<z.output<S>>> {
  let config: z.output<S>;
  try {
    config = loadServiceConfig(options.schema, { env: options.env ?? process.env });
  } catch (error) {
    exitOnConfigError(error);
  }
  const logger = createLogger({ service: options.name, level: config.logLevel, secrets: secretValues(options.schema, config) });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  const metrics = createMetrics({ service: options.name });
  const shutdown = onShutdown([], { logger, timeoutMs: 15_000 });
  const bus = await connectBus({
    servers: config.nats.url,
    name: `${options.name}@${hostname()}/${process.pid}`,
    ...(config.nats.user ? { user: config.nats.user, pass: config.nats.pass } : {}),
    logger,
  });
  shutdown.add('bus', () => bus.drain());
  const health = await startHealthServer({
    port: config.http.port,
    host: config.http.host,
    metrics,
    logger,
    readiness: { nats: () => bus.isConnected(), ...(options.readiness ?? {}) },
  });
  shutdown.add('health server', () => health.close());
  shutdown.add('readiness', () => health.markDraining());
  const publisher = createPublisher(bus, { ns: config.ns });
  await announceLifecycle(options.name, publisher, logger, shutdown);
  logger.info({ ns: config.ns, httpPort: health.port }, 'started');
  return { name: options.name, config, logger, metrics, bus, publisher, health, shutdown };
}

const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

/**
 * ServiceStarted now and ServiceStopped on a graceful shutdown, on `<ns>.sys.service`: the
 * notifier's "service up/down" alerts and the audit trail of deployments. A kill -9 says nothing,
 * which is what the metrics' MastServiceDown alert is for. Best effort: a lifecycle event that
 * cannot be stored is logged, never a reason to stop trading.
 */
async function announceLifecycle(service: string, publisher: Publisher, logger: Logger, shutdown: Shutdown): Promise<void> {
  const data = { service, instance: `${hostname()}/${process.pid}`, version: VERSION };
  const announce = async (type: 'ServiceStarted' | 'ServiceStopped') => {
    try {
      await publisher.publish(makeEvent(type, { ts: Date.now(), source: service, data }));
    } catch (error) {
      logger.warn({ err: error, type }, 'could not publish the lifecycle event');
    }
  };
  await announce('ServiceStarted');
  // Added after the bus, so it runs before the connection drains.
  shutdown.add('announce stop', () => announce('ServiceStopped'));
}

/** Resolves strategy overrides, or prints every bad key under `strategy.` and exits 2. */
export function resolveStrategyOrExit(overrides: unknown, stderr: NodeJS.WritableStream = process.stderr): StrategyConfig {
  try {
    return resolveStrategyConfig(overrides, 'strategy (MAST_STRATEGY / the config file)');
  } catch (error) {
    if (!isConfigError(error)) throw error;
    stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}
