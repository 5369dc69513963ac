import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { streamName, CONTEXTS } from '@mast/contracts';
import { readModel, readModelSeries, snapshotKeys } from '@mast/read-model';
import type { PortfolioView, PositionView, ReadModel, SeriesQueries } from '@mast/read-model';

/** Where an answer came from: the Redis snapshot (hot) or the Postgres tables. */
export type Source = 'redis' | 'postgres';

export interface Sourced<T> {
  readonly value: T;
  readonly source: Source;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded' | 'down';
  readonly checks: Record<string, { ok: boolean; detail?: string }>;
  readonly readModel: { schema: string; checkpoints: Record<string, number>; lastCandleTs: number | null } | null;
}

/** Everything the query API reads, and nothing else: Postgres (the read model) and Redis (its snapshots). */
export interface ReadSource {
  readonly ns: string;
  readonly model: ReadModel;
  readonly series: SeriesQueries;
  /** The portfolio from its Redis snapshot when there is one, else from Postgres. */
  portfolio(): Promise<Sourced<PortfolioView>>;
  positions(): Promise<Sourced<PositionView[]>>;
  health(): Promise<HealthReport>;
}

export interface ReadSourceOptions {
  readonly pool: Pool;
  readonly ns: string;
  /** Without Redis every answer comes from Postgres. */
  readonly redis?: Pick<Redis, 'get' | 'ping' | 'status'>;
  /** How long a Redis read may take before Postgres answers instead. */
  readonly redisTimeoutMs?: number;
}

export function createReadSource(options: ReadSourceOptions): ReadSource {
  const { pool, ns, redis } = options;
  const model = readModel(pool, ns);
  const series = readModelSeries(pool, ns);
  const timeoutMs = options.redisTimeoutMs ?? 250;

  /** A snapshot, or null when Redis is away, slow or has none: the caller then reads Postgres. */
  async function snapshot<T>(key: string): Promise<T | null> {
    if (!redis || redis.status !== 'ready') return null;
    let timer: NodeJS.Timeout | undefined;
    try {
      const text = await Promise.race([
        redis.get(key),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), timeoutMs);
        }),
      ]);
      return text ? (JSON.parse(text) as T) : null;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    ns,
    model,
    series,
    async portfolio() {
      const hot = await snapshot<PortfolioView>(snapshotKeys.portfolio(ns));
      return hot ? { value: hot, source: 'redis' } : { value: await model.portfolio(), source: 'postgres' };
    },
    async positions() {
      const hot = await snapshot<PositionView[]>(snapshotKeys.positions(ns));
      return hot ? { value: hot, source: 'redis' } : { value: await model.positions(), source: 'postgres' };
    },
    async health() {
      const checks: HealthReport['checks'] = {};
      let readModelInfo: HealthReport['readModel'] = null;
      try {
        const checkpoints: Record<string, number> = {};
        for (const context of CONTEXTS) {
          const name = streamName(ns, context);
          checkpoints[name] = await model.checkpoint(name);
        }
        const assets = await model.assets();
        const lastCandleTs = assets.reduce<number | null>((max, a) => (a.lastCandleTs !== null && (max === null || a.lastCandleTs > max) ? a.lastCandleTs : max), null);
        readModelInfo = { schema: model.schemaName, checkpoints, lastCandleTs };
        checks.postgres = { ok: true };
      } catch (error) {
        checks.postgres = { ok: false, detail: (error as Error).message };
      }
      if (redis) {
        try {
          const pong = redis.status === 'ready' ? await redis.ping() : null;
          checks.redis = pong === 'PONG' ? { ok: true } : { ok: false, detail: `redis is ${redis.status}` };
        } catch (error) {
          checks.redis = { ok: false, detail: (error as Error).message };
        }
      }
      // Without Postgres nothing can be answered; without Redis only the hot path is lost.
      const status = !checks.postgres?.ok ? 'down' : Object.values(checks).every((c) => c.ok) ? 'ok' : 'degraded';
      return { status, checks, readModel: readModelInfo };
    },
  };
}
