import type { InstrumentSpec } from '@mast/contracts';
import type { Pool } from 'pg';
import { applyBatchInTransaction } from './projection/apply-batch';
import type { ApplyBatchResult } from './projection/apply-batch';
import { batchContext } from './projection/batch-context';
import { snapshotsOf } from './projection/batch-snapshots';
import { checkItems } from './projection/projection-item';
import type { ProjectionItem } from './projection/projection-item';
import { writeSnapshots } from './projection/redis-snapshots';
import type { SnapshotRedis, Snapshots } from './projection/redis-snapshots';
import { schemaNameFor } from './schema-names';
import { inTransaction } from './in-transaction';

/** pino's call shape, so a pino logger (or a test sink) can be passed as is. */
export interface ProjectorLogger {
  warn(context: Record<string, unknown>, message: string): void;
}

export interface ProjectorOptions {
  readonly pool: Pool;
  readonly ns: string;
  /** Hot snapshots go here after each commit; without it, none are written. */
  readonly redis?: SnapshotRedis;
  /** The checkpoints' consumer name; default `projection`. */
  readonly consumer?: string;
  /** qtyStep/minQty of the assets table; default: the strategy's default instruments. */
  readonly instruments?: Readonly<Record<string, InstrumentSpec>>;
  readonly logger?: ProjectorLogger;
  /** How long a Redis pipeline may take before it counts as failed; default 1,000 ms. */
  readonly redisTimeoutMs?: number;
}

export interface ProjectorStats {
  readonly batches: number;
  readonly applied: number;
  readonly skipped: number;
  readonly redisWrites: number;
  readonly redisFailures: number;
}

export interface ApplyResult extends ApplyBatchResult {
  /** Snapshot keys written to Redis after the commit. */
  readonly redisWritten: number;
  /** Whether the Redis write failed (the batch is committed all the same). */
  readonly redisFailed: boolean;
}

export interface Projector {
  readonly ns: string;
  readonly schemaName: string;
  /**
   * Applies a batch in one transaction. Items of one stream must come in stream order; an item at
   * or below its stream's checkpoint is a redelivery and is skipped. Calls are serialised.
   */
  applyBatch(items: readonly ProjectionItem[]): Promise<ApplyResult>;
  stats(): ProjectorStats;
}

/** The live projector of a namespace: batches from JetStream into `mast_<ns>`, then Redis. */
export function createProjector(options: ProjectorOptions): Projector {
  const { pool, ns, redis, logger } = options;
  const schemaName = schemaNameFor(ns);
  const redisTimeoutMs = options.redisTimeoutMs ?? 1000;
  const context = batchContext({
    ns,
    schemaName,
    loadForSnapshots: redis !== undefined,
    ...(options.consumer === undefined ? {} : { consumer: options.consumer }),
    ...(options.instruments === undefined ? {} : { instruments: options.instruments }),
  });
  const stats = { batches: 0, applied: 0, skipped: 0, redisWrites: 0, redisFailures: 0 };
  let tail: Promise<unknown> = Promise.resolve();

  async function writeRedis(snapshots: Snapshots): Promise<{ written: number; failed: boolean }> {
    if (!redis) return { written: 0, failed: false };
    try {
      const written = await writeSnapshots(redis, ns, snapshots, redisTimeoutMs);
      stats.redisWrites += written;
      return { written, failed: false };
    } catch (error) {
      stats.redisFailures++;
      logger?.warn({ err: error, ns }, 'read model: redis snapshot write failed; the batch is committed');
      return { written: 0, failed: true };
    }
  }

  async function run(items: readonly ProjectionItem[]): Promise<ApplyResult> {
    checkItems(items);
    if (items.length === 0) return { received: 0, skipped: 0, applied: 0, duplicates: 0, offStream: 0, candles: 0, trades: 0, checkpoints: {}, redisWritten: 0, redisFailed: false };
    const outcome = await inTransaction(pool, (client) => applyBatchInTransaction(client, context, items));
    stats.batches++;
    stats.applied += outcome.result.applied;
    stats.skipped += outcome.result.skipped;
    const redisOutcome = outcome.fold && redis ? await writeRedis(snapshotsOf(outcome.fold)) : { written: 0, failed: false };
    return { ...outcome.result, redisWritten: redisOutcome.written, redisFailed: redisOutcome.failed };
  }

  return {
    ns,
    schemaName,
    applyBatch(items) {
      const next = tail.then(() => run(items));
      // A failed batch must not block the ones after it; the caller sees its error.
      tail = next.catch(() => undefined);
      return next;
    },
    stats: () => ({ ...stats }),
  };
}
