import type { Redis } from 'ioredis';
import type { PortfolioView, PositionView, RegimeView } from '../views';

/**
 * Hot snapshots for the dashboard, written after the batch's commit. Redis is a cache of the
 * Postgres rows: a failure is counted and logged, never fails the batch, and the next batch that
 * changes the same key writes it again.
 */

export const snapshotKeys = {
  portfolio: (ns: string) => `mast:${ns}:portfolio`,
  positions: (ns: string) => `mast:${ns}:positions`,
  regime: (ns: string, symbol: string) => `mast:${ns}:regime:${symbol}`,
} as const;

/** The part of an ioredis client the snapshots use. */
export type SnapshotRedis = Pick<Redis, 'pipeline' | 'status'>;

export interface Snapshots {
  readonly portfolio?: PortfolioView;
  readonly positions?: readonly PositionView[];
  readonly regimes?: readonly RegimeView[];
}

export class RedisSnapshotError extends Error {
  override readonly name = 'RedisSnapshotError';
}
export function isRedisSnapshotError(error: unknown): error is RedisSnapshotError {
  return error instanceof RedisSnapshotError;
}

export function snapshotCount(snapshots: Snapshots): number {
  return (snapshots.portfolio ? 1 : 0) + (snapshots.positions ? 1 : 0) + (snapshots.regimes?.length ?? 0);
}

/**
 * Writes the snapshots in one pipeline. Throws RedisSnapshotError when Redis is not connected
 * (commands would pile up in ioredis' offline queue), does not answer within `timeoutMs`, or
 * refuses a command.
 */
export async function writeSnapshots(redis: SnapshotRedis, ns: string, snapshots: Snapshots, timeoutMs: number): Promise<number> {
  const count = snapshotCount(snapshots);
  if (count === 0) return 0;
  if (redis.status !== 'ready') throw new RedisSnapshotError(`redis is ${redis.status}, not ready`);
  const pipeline = redis.pipeline();
  if (snapshots.portfolio) pipeline.set(snapshotKeys.portfolio(ns), JSON.stringify(snapshots.portfolio));
  if (snapshots.positions) pipeline.set(snapshotKeys.positions(ns), JSON.stringify(snapshots.positions));
  for (const regime of snapshots.regimes ?? []) pipeline.set(snapshotKeys.regime(ns, regime.symbol), JSON.stringify(regime));

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisSnapshotError(`redis did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const results = await Promise.race([pipeline.exec(), timeout]);
    const failed = (results ?? []).find(([error]) => error !== null);
    if (failed) throw new RedisSnapshotError(`redis refused a snapshot: ${failed[0]?.message ?? 'unknown error'}`, { cause: failed[0] });
    return count;
  } catch (error) {
    if (error instanceof RedisSnapshotError) throw error;
    throw new RedisSnapshotError(`redis snapshot write failed: ${(error as Error).message}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
