import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../in-transaction';
import { acceptItems, batchResult, writeFold } from './apply-batch';
import type { ApplyBatchResult, BatchContext, EncodedFold } from './apply-batch';
import { BatchFold } from './batch-fold';
import { ChunkPool } from './chunk-pool';
import { ChunkQueue } from './chunk-queue';
import { CopyEncoder, copyStreamed } from './copy-writer';
import { MinuteRuns } from './minute-runs';
import { checkItems } from './projection-item';
import type { ProjectionItem } from './projection-item';
import type { AssetRow, CooldownRow, DailyPerformanceRow, PositionRow, TradingStateRow } from './rows';

const YIELD_EVERY = 200;
const turn = () => new Promise((resolve) => setImmediate(resolve));
/**
 * A rebuild's batches commit without waiting for the WAL flush: if the process dies before the
 * swap, the rebuild's schema is dropped anyway.
 */
const SYNC_COMMIT_OFF = 'BEGIN; SET LOCAL synchronous_commit = off';

/** A batch folded and encoded, ready to write. */
export interface PreparedBatch {
  readonly items: readonly ProjectionItem[];
  readonly accepted: number;
  readonly fold: BatchFold | null;
  readonly encoded: EncodedFold;
  readonly advanced: ReadonlyMap<string, number>;
}

/**
 * Applies a rebuild's batches. A rebuild is the only writer of its fresh schema, so what the live
 * path reads back from Postgres before each fold (checkpoints, state rows, applied ids) is kept in
 * memory instead: a batch is folded and encoded while Postgres writes what is ready of it and
 * finishes the previous one. Folding and writing are the live path's own (BatchFold, writeFold).
 */
export class RebuildApplier {
  private assets: ReadonlyMap<string, AssetRow> = new Map();
  private positions: ReadonlyMap<string, PositionRow> = new Map();
  private cooldowns: ReadonlyMap<string, CooldownRow> = new Map();
  private daily: ReadonlyMap<string, DailyPerformanceRow> = new Map();
  private tradingState: TradingStateRow | null = null;
  private readonly checkpoints = new Map<string, number>();
  private readonly appliedIds = new Set<string>();
  /** Candle minutes written per symbol: the rebuild's candles have no key until the end. */
  private readonly candleMinutes = new Map<string, MinuteRuns>();
  /** COPY buffers, reused from batch to batch. */
  private readonly chunks = new ChunkPool();

  constructor(
    private readonly pool: Pool,
    private readonly context: BatchContext,
  ) {}

  private minutesOf(symbol: string): MinuteRuns {
    let runs = this.candleMinutes.get(symbol);
    if (!runs) this.candleMinutes.set(symbol, (runs = new MinuteRuns()));
    return runs;
  }

  /** The last sequence applied (folded) per stream. */
  checkpoint(stream: string): number {
    return this.checkpoints.get(stream) ?? 0;
  }

  /**
   * Folds and encodes a batch on the state the previous batches left. It gives the event loop a
   * turn every few hundred events, so the previous batch's COPY keeps flowing to Postgres meanwhile.
   */
  async prepare(items: readonly ProjectionItem[]): Promise<PreparedBatch> {
    checkItems(items);
    const { accepted, advanced } = acceptItems(items, (stream) => this.checkpoints.get(stream) ?? 0);
    if (accepted.length === 0) return { items, accepted: 0, fold: null, encoded: { trail: [], candles: [] }, advanced };
    const trail: Buffer[] = [];
    const { fold, candles } = await this.foldEncoding(accepted, advanced, (chunks) => trail.push(...chunks));
    return { items, accepted: accepted.length, fold, encoded: { trail, candles }, advanced };
  }

  /**
   * Folds a batch and writes it in a transaction of its own, started once `after` (the previous
   * batch's write) has committed: its trail's COPY takes the rows as they are folded, so Postgres
   * is not idle while the batch is folded, nor node while the last batch is written. `folded`
   * resolves when the next batch may be folded; `written` when this one has committed.
   */
  stream(items: readonly ProjectionItem[], after: Promise<unknown>): { folded: Promise<void>; written: Promise<ApplyBatchResult> } {
    checkItems(items);
    const { accepted, advanced } = acceptItems(items, (stream) => this.checkpoints.get(stream) ?? 0);
    if (accepted.length === 0) {
      const written = after.then(() => batchResult(items, 0, null, { candles: 0, trades: 0 }, advanced));
      return { folded: Promise.resolve(), written };
    }
    const trail = new ChunkQueue();
    const folding = this.foldEncoding(accepted, advanced, (chunks) => trail.push(chunks)).then(
      (done) => {
        trail.end();
        return done;
      },
      (error: unknown) => {
        trail.fail(error);
        throw error;
      },
    );
    const written = after.then(() =>
      inTransaction(
        this.pool,
        async (client) => {
          // Accepted events each have a trail row: the COPY gets at least one.
          await copyStreamed(client, this.context.tables.eventTrail, trail);
          const { fold, candles } = await folding;
          const result = await writeFold(client, this.context.tables, this.context.consumer, fold, { trail: [], candles }, advanced);
          this.chunks.give(trail.pushed());
          this.chunks.give(candles);
          return batchResult(items, accepted.length, fold, result, advanced);
        },
        SYNC_COMMIT_OFF,
      ),
    );
    return { folded: folding.then(() => undefined), written };
  }

  /**
   * Folds `accepted` and encodes its rows slice by slice, handing the trail's filled chunks to
   * `emit` as they come; then takes the fold's state for the next batch.
   */
  private async foldEncoding(accepted: readonly ProjectionItem[], advanced: ReadonlyMap<string, number>, emit: (chunks: Buffer[]) => void): Promise<{ fold: BatchFold; candles: Buffer[] }> {
    const base = {
      assets: [...this.assets.values()],
      positions: [...this.positions.values()],
      cooldowns: [...this.cooldowns.values()],
      tradingState: this.tradingState,
      daily: [...this.daily.values()],
    };
    const fold = new BatchFold(this.context, base, this.appliedIds);
    const { tables } = this.context;
    const trail = new CopyEncoder(tables.eventTrail, this.chunks);
    const candles = new CopyEncoder(tables.candles, this.chunks);
    for (let from = 0; from < accepted.length; from += YIELD_EVERY) {
      const to = Math.min(accepted.length, from + YIELD_EVERY);
      for (let i = from; i < to; i++) fold.apply(accepted[i]!);
      // Encoded as soon as folded, so the rows die young (see CopyEncoder).
      for (const row of fold.takeTrail()) trail.add(row);
      for (const candle of fold.takeCandles()) {
        this.minutesOf(candle.symbol).add(candle.ts);
        candles.add(candle);
      }
      // A late candle is new unless its minute is written already (then the first one stays, as
      // ON CONFLICT DO NOTHING keeps it on the live path). A new candle folded after it is newer
      // than it, so taking them slice by slice decides as taking the whole batch at once would.
      for (const candle of fold.takeLateCandles()) if (this.minutesOf(candle.symbol).add(candle.ts)) candles.add(candle);
      emit(trail.takeFilled());
      await turn();
    }
    emit(trail.end());
    this.assets = fold.assets;
    this.positions = fold.positions;
    this.cooldowns = fold.cooldowns;
    this.daily = fold.daily;
    if (fold.tradingStateDirty) this.tradingState = fold.tradingState;
    for (const key of fold.appliedIds) this.appliedIds.add(key);
    for (const [stream, seq] of advanced) this.checkpoints.set(stream, seq);
    return { fold, candles: candles.end() };
  }

  /**
   * Writes a prepared batch inside the caller's transaction (the swap's, for the last events).
   * Each prepared batch is written once: its COPY buffers are reused afterwards.
   */
  async writeIn(client: PoolClient, prepared: PreparedBatch): Promise<ApplyBatchResult> {
    if (!prepared.fold) return batchResult(prepared.items, 0, null, { candles: 0, trades: 0 }, prepared.advanced);
    const written = await writeFold(client, this.context.tables, this.context.consumer, prepared.fold, prepared.encoded, prepared.advanced);
    // Postgres has read every chunk (the COPYs completed): the buffers can take the next batch.
    this.chunks.give(prepared.encoded.trail);
    this.chunks.give(prepared.encoded.candles);
    return batchResult(prepared.items, prepared.accepted, prepared.fold, written, prepared.advanced);
  }
}
