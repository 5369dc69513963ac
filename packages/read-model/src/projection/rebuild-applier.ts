import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../in-transaction';
import { acceptItems, batchResult, writeFold } from './apply-batch';
import type { ApplyBatchResult, BatchContext, EncodedFold } from './apply-batch';
import { BatchFold } from './batch-fold';
import { encodeCopyYielding } from './copy-writer';
import { MinuteRuns } from './minute-runs';
import { checkItems } from './projection-item';
import type { ProjectionItem } from './projection-item';
import type { AssetRow, CooldownRow, DailyPerformanceRow, PositionRow, TradingStateRow } from './rows';

const YIELD_EVERY = 200;
const turn = () => new Promise((resolve) => setImmediate(resolve));

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
 * memory instead: the next batch is folded and encoded while Postgres still writes the previous
 * one. Folding and writing are the live path's own (BatchFold, writeFold).
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

  constructor(
    private readonly pool: Pool,
    private readonly context: BatchContext,
  ) {}

  private minutesOf(symbol: string): MinuteRuns {
    let runs = this.candleMinutes.get(symbol);
    if (!runs) this.candleMinutes.set(symbol, (runs = new MinuteRuns()));
    return runs;
  }

  /** The last sequence applied (prepared) per stream. */
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
    const base = {
      assets: [...this.assets.values()],
      positions: [...this.positions.values()],
      cooldowns: [...this.cooldowns.values()],
      tradingState: this.tradingState,
      daily: [...this.daily.values()],
    };
    const fold = new BatchFold(this.context, base, this.appliedIds);
    for (let i = 0; i < accepted.length; i++) {
      fold.apply(accepted[i]!);
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await turn();
    }
    this.assets = fold.assets;
    this.positions = fold.positions;
    this.cooldowns = fold.cooldowns;
    this.daily = fold.daily;
    if (fold.tradingStateDirty) this.tradingState = fold.tradingState;
    for (const key of fold.appliedIds) this.appliedIds.add(key);
    for (const [stream, seq] of advanced) this.checkpoints.set(stream, seq);
    const { tables } = this.context;
    const candles = [...fold.candles];
    for (const candle of fold.candles) this.minutesOf(candle.symbol).add(candle.ts);
    // A late candle is new unless its minute is written already (then the first one stays, as
    // ON CONFLICT DO NOTHING keeps it on the live path).
    for (const candle of fold.takeLateCandles()) if (this.minutesOf(candle.symbol).add(candle.ts)) candles.push(candle);
    const encoded = { trail: await encodeCopyYielding(tables.eventTrail, fold.trail), candles: await encodeCopyYielding(tables.candles, candles) };
    return { items, accepted: accepted.length, fold, encoded, advanced };
  }

  /**
   * Writes a prepared batch in its own transaction. Without waiting for the WAL flush: if the
   * process dies before the swap, the rebuild's schema is dropped anyway.
   */
  async write(prepared: PreparedBatch): Promise<ApplyBatchResult> {
    if (!prepared.fold) return batchResult(prepared.items, 0, null, { candles: 0, trades: 0 }, prepared.advanced);
    return inTransaction(this.pool, (client) => this.writeIn(client, prepared), 'BEGIN; SET LOCAL synchronous_commit = off');
  }

  /** Writes a prepared batch inside the caller's transaction (the swap's, for the last events). */
  async writeIn(client: PoolClient, prepared: PreparedBatch): Promise<ApplyBatchResult> {
    if (!prepared.fold) return batchResult(prepared.items, 0, null, { candles: 0, trades: 0 }, prepared.advanced);
    const written = await writeFold(client, this.context.tables, this.context.consumer, prepared.fold, prepared.encoded, prepared.advanced);
    return batchResult(prepared.items, prepared.accepted, prepared.fold, written, prepared.advanced);
  }
}
