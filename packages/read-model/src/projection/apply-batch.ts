import type { PoolClient } from 'pg';
import type { ReadModelTables } from '../schema/tables';
import { lockSchema } from '../schema-lock';
import { quoteIdent } from '../schema-names';
import { BatchFold, needsIdCheck, trailKey } from './batch-fold';
import type { FoldContext } from './batch-fold';
import { copyEncoded, encodeCopy } from './copy-writer';
import { addNeeds, loadState, noNeeds } from './load-state';
import type { StateNeeds } from './load-state';
import type { ProjectionItem } from './projection-item';
import { deleteByKey, unnestInsert } from './unnest-writer';

/** What one batch did. */
export interface ApplyBatchResult {
  /** Items handed in. */
  readonly received: number;
  /** At or below their stream's checkpoint: already applied (a redelivery). */
  readonly skipped: number;
  /** Written to the trail (every item past its checkpoint). */
  readonly applied: number;
  /** Of those, events whose id was already applied from the same stream (a re-publish): trail only. */
  readonly duplicates: number;
  /** Of those, events read from a stream that is not their type's source of truth: trail only. */
  readonly offStream: number;
  readonly candles: number;
  readonly trades: number;
  /** The checkpoints this batch advanced, by stream. */
  readonly checkpoints: Readonly<Record<string, number>>;
}

export interface BatchContext extends FoldContext {
  readonly tables: ReadModelTables;
  readonly schemaName: string;
  readonly consumer: string;
  /** Read positions, assets and the trading state whatever the batch holds, to build the Redis snapshots. */
  readonly loadForSnapshots: boolean;
}

export interface BatchOutcome {
  readonly result: ApplyBatchResult;
  /** The fold, for the snapshots written after commit; null when nothing was past its checkpoint. */
  readonly fold: BatchFold | null;
}

/** Items past their stream's checkpoint (`done`), and each stream's new checkpoint. */
export function acceptItems(items: readonly ProjectionItem[], done: (stream: string) => number): { accepted: ProjectionItem[]; advanced: Map<string, number> } {
  const advanced = new Map<string, number>();
  const accepted: ProjectionItem[] = [];
  for (const item of items) {
    const last = advanced.get(item.stream) ?? done(item.stream);
    if (item.seq <= last) continue;
    advanced.set(item.stream, item.seq);
    accepted.push(item);
  }
  return { accepted, advanced };
}

/** What folding `accepted` reads, and the ids to look up on the trail. */
export function planBatch(context: FoldContext, accepted: readonly ProjectionItem[]): { needs: StateNeeds; idsToCheck: Set<string> } {
  const needs = noNeeds();
  const idsToCheck = new Set<string>();
  for (const { event, stream } of accepted) {
    if (stream !== context.sourceStream(event.type)) continue;
    addNeeds(needs, event);
    if (needsIdCheck(event)) idsToCheck.add(event.id);
  }
  return { needs, idsToCheck };
}

/** The COPY payloads of a fold, encoded ahead of the write. */
export interface EncodedFold {
  readonly trail: readonly Buffer[];
  readonly candles: readonly Buffer[];
}

export function encodeFold(tables: ReadModelTables, fold: BatchFold): EncodedFold {
  return { trail: encodeCopy(tables.eventTrail, fold.trail), candles: encodeCopy(tables.candles, fold.candles) };
}

/**
 * Writes what a fold changed, each row once, and the checkpoints last; inside the caller's
 * transaction, so the rows and the checkpoints commit (or vanish) together.
 */
export async function writeFold(
  client: PoolClient,
  tables: ReadModelTables,
  consumer: string,
  fold: BatchFold,
  encoded: EncodedFold,
  advanced: ReadonlyMap<string, number>,
): Promise<{ candles: number; trades: number }> {
  // (stream, seq) past the checkpoint cannot be on the trail yet (it is written with the
  // checkpoint), and fold.candles are newer than their symbol's newest: both append with COPY.
  await copyEncoded(client, tables.eventTrail, encoded.trail);
  const candles = (await copyEncoded(client, tables.candles, encoded.candles)) + (await unnestInsert(client, tables.candles, fold.lateCandles, { onConflict: 'nothing', target: ['symbol', 'ts'] }));
  const trades = await unnestInsert(client, tables.trades, fold.trades, { onConflict: 'nothing', target: ['eventId'] });
  const positions = fold.positionChanges();
  await deleteByKey(client, tables.positions, 'symbol', positions.remove);
  await unnestInsert(client, tables.positions, positions.upsert, { onConflict: 'replace', target: ['symbol'] });
  await unnestInsert(client, tables.assets, fold.changedAssets(), { onConflict: 'replace', target: ['symbol'] });
  const cooldowns = fold.cooldownChanges();
  await deleteByKey(client, tables.cooldowns, 'symbol', cooldowns.remove);
  await unnestInsert(client, tables.cooldowns, cooldowns.upsert, { onConflict: 'replace', target: ['symbol'] });
  await unnestInsert(client, tables.dailyPerformance, fold.changedDaily(), { onConflict: 'replace', target: ['day', 'symbol'] });
  await unnestInsert(client, tables.entryRejections, [...fold.rejections.values()], { onConflict: 'add', target: ['day', 'symbol', 'reason'], add: ['count'] });
  if (fold.tradingStateDirty) await unnestInsert(client, tables.tradingState, [fold.tradingState], { onConflict: 'replace', target: ['id'] });
  const checkpoints = [...advanced].map(([stream, lastSeq]) => ({ consumer, stream, lastSeq }));
  await unnestInsert(client, tables.checkpoints, checkpoints, { onConflict: 'replace', target: ['consumer', 'stream'] });
  return { candles, trades };
}

export function batchResult(items: readonly ProjectionItem[], accepted: number, fold: BatchFold | null, written: { candles: number; trades: number }, advanced: ReadonlyMap<string, number>): ApplyBatchResult {
  return {
    received: items.length,
    skipped: items.length - accepted,
    applied: fold?.applied ?? 0,
    duplicates: fold?.duplicates ?? 0,
    offStream: fold?.offStream ?? 0,
    candles: written.candles,
    trades: written.trades,
    checkpoints: Object.fromEntries(advanced),
  };
}

/**
 * Applies a batch inside the caller's open transaction: skips what the checkpoints say is done,
 * reads the rows the batch changes, folds it in memory, and writes each changed row once.
 */
export async function applyBatchInTransaction(client: PoolClient, context: BatchContext, items: readonly ProjectionItem[]): Promise<BatchOutcome> {
  const { tables, schemaName, consumer } = context;
  await lockSchema(client, schemaName);

  const streams = [...new Set(items.map((item) => item.stream))];
  const { rows } = await client.query<{ stream: string; last_seq: string }>(
    `SELECT stream, last_seq FROM ${quoteIdent(schemaName)}.checkpoints WHERE consumer = $1 AND stream = ANY($2::text[])`,
    [consumer, streams],
  );
  const last = new Map(rows.map((row) => [row.stream, Number(row.last_seq)]));
  const { accepted, advanced } = acceptItems(items, (stream) => last.get(stream) ?? 0);
  if (accepted.length === 0) return { result: batchResult(items, 0, null, { candles: 0, trades: 0 }, advanced), fold: null };

  const { needs, idsToCheck } = planBatch(context, accepted);
  if (context.loadForSnapshots) Object.assign(needs, { assets: true, positions: true, tradingState: true });
  const seen = new Set<string>();
  if (idsToCheck.size > 0) {
    const found = await client.query<{ stream: string; event_id: string }>(`SELECT stream, event_id FROM ${quoteIdent(schemaName)}.event_trail WHERE event_id = ANY($1::text[])`, [[...idsToCheck]]);
    for (const row of found.rows) seen.add(trailKey(row.stream, row.event_id));
  }
  const base = await loadState(client, tables, needs);

  const fold = new BatchFold(context, base, seen);
  for (const item of accepted) fold.apply(item);
  const written = await writeFold(client, tables, consumer, fold, encodeFold(tables, fold), advanced);
  return { result: batchResult(items, accepted.length, fold, written, advanced), fold };
}
