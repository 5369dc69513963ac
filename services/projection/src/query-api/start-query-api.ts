import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { z } from 'zod';
import { secret, type Logger, type Metrics, type Shutdown } from '@mast/observability';
import type { EventPublisher } from '@mast/operator';
import { createQueryApi } from './query-api';
import { createReadSource } from './read-source';

/**
 * `MAST_API_PORT`, `MAST_API_HOST`, and `MAST_API_TOKEN` (or `MAST_API_TOKEN_FILE`): the bearer
 * token of the operator controls. Without a token the API is read-only.
 */
export const apiConfigSchema = z
  .strictObject({
    port: z.number().int().min(0).max(65535).default(8080),
    host: z.string().default('0.0.0.0'),
    token: secret(z.string().min(24, 'must be at least 24 characters')).optional(),
  })
  .default({ port: 8080, host: '0.0.0.0' });
export type ApiConfig = z.output<typeof apiConfigSchema>;

export interface StartQueryApiOptions {
  readonly config: ApiConfig;
  readonly ns: string;
  readonly pool: Pool;
  readonly redis: Redis;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly publisher: EventPublisher;
  readonly shutdown: Shutdown;
}

/** Starts the query API and dashboard on their own port (probes and /metrics stay on the health port). */
export async function startQueryApi(options: StartQueryApiOptions): Promise<number> {
  const { config, logger } = options;
  const api = await createQueryApi({
    source: createReadSource({ pool: options.pool, ns: options.ns, redis: options.redis }),
    logger,
    metrics: options.metrics,
    ...(config.token ? { controls: { token: config.token, publisher: options.publisher } } : {}),
  });
  const port = await api.listen(config.port, config.host);
  options.shutdown.add('query api', () => api.close());
  logger.info({ port, controls: config.token !== undefined, dashboard: `http://127.0.0.1:${port}/` }, config.token ? 'query API and dashboard listening, operator controls enabled' : 'query API and dashboard listening (read-only: no MAST_API_TOKEN)');
  return port;
}
