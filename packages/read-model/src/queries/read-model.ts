import type { ExitReason } from '@mast/contracts';
import { and, asc, desc, eq, gt, gte, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Pool } from 'pg';
import { DEFAULT_CONSUMER } from '../projection/batch-context';
import { defaultTradingState } from '../projection/default-rows';
import { readModelTables } from '../schema/tables';
import { schemaNameFor } from '../schema-names';
import { toPortfolioView, toPositionViews, toRegimeView } from '../views';
import type { AssetView, CooldownView, DailyPerformanceView, EntryRejectionView, PortfolioView, PositionView, RegimeView, TradeView, TrailEntry } from '../views';
import { causalOrder } from './causal-order';
import { checkDay, checkLimit } from './query-errors';
import { decodeTradeCursor, encodeTradeCursor } from './trade-cursor';

export interface TradesQuery {
  readonly symbol?: string;
  readonly reason?: ExitReason;
  /** Exit time from, inclusive (epoch ms). */
  readonly from?: number;
  /** Exit time to, exclusive (epoch ms). */
  readonly to?: number;
  /** 1..1000, default 100. */
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string | null;
  /** Close order (`asc`) or newest first (`desc`, the default). */
  readonly order?: 'asc' | 'desc';
}

export interface TradesPage {
  readonly items: readonly TradeView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/** Inclusive range of UTC days, `YYYY-MM-DD`. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
  readonly symbol?: string;
}

export interface ReadModel {
  readonly schemaName: string;
  portfolio(): Promise<PortfolioView>;
  positions(): Promise<PositionView[]>;
  trades(query?: TradesQuery): Promise<TradesPage>;
  /** Rows per day and symbol, the portfolio row (`symbol = '*'`) included, by day then symbol. */
  dailyPnl(range: DayRange): Promise<DailyPerformanceView[]>;
  /** Cooldown rows; with `activeAt`, only those still running then. */
  cooldowns(options?: { readonly activeAt?: number }): Promise<CooldownView[]>;
  entryRejections(range: DayRange): Promise<EntryRejectionView[]>;
  assets(): Promise<AssetView[]>;
  regimes(): Promise<RegimeView[]>;
  /** The event `correlationId` names and every event correlated to it, in causal order (see causalOrder). */
  trail(correlationId: string, options?: { readonly limit?: number }): Promise<TrailEntry[]>;
  /** Last applied sequence of `stream` (0 when none). */
  checkpoint(stream: string, consumer?: string): Promise<number>;
}

/** Typed queries on a namespace's read model (the query API's only way in). */
export function readModel(pool: Pool, ns: string): ReadModel {
  return readModelOfSchema(pool, schemaNameFor(ns));
}

export function readModelOfSchema(pool: Pool, schemaName: string): ReadModel {
  const db = drizzle(pool);
  const t = readModelTables(schemaName);
  // Byte order, as the views sort in JavaScript, whatever the database's collation.
  const bySymbol = (column: AnyPgColumn) => sql`${column} COLLATE "C"`;

  async function positions(): Promise<PositionView[]> {
    const rows = await db
      .select({ position: t.positions, lastPrice: t.assets.lastPrice })
      .from(t.positions)
      .leftJoin(t.assets, eq(t.assets.symbol, t.positions.symbol));
    const prices = new Map(rows.map((row) => [row.position.symbol, row.lastPrice]));
    return toPositionViews(
      rows.map((row) => row.position),
      (symbol) => prices.get(symbol) ?? null,
    );
  }

  return {
    schemaName,

    async portfolio() {
      const [state] = await db.select().from(t.tradingState).where(eq(t.tradingState.id, 1));
      const [open] = await db.select({ n: sql<number>`count(*)::int` }).from(t.positions);
      return toPortfolioView(state ?? defaultTradingState(), open?.n ?? 0);
    },

    positions,

    async trades(query = {}) {
      const limit = checkLimit(query.limit, 100, 1000);
      const descending = (query.order ?? 'desc') === 'desc';
      const where: SQL[] = [];
      if (query.symbol !== undefined) where.push(eq(t.trades.symbol, query.symbol));
      if (query.reason !== undefined) where.push(eq(t.trades.reason, query.reason));
      if (query.from !== undefined) where.push(gte(t.trades.exitTs, query.from));
      if (query.to !== undefined) where.push(lt(t.trades.exitTs, query.to));
      if (query.cursor) {
        const c = decodeTradeCursor(query.cursor);
        where.push(descending ? sql`(${t.trades.exitTs}, ${t.trades.seq}) < (${c.exitTs}, ${c.seq})` : sql`(${t.trades.exitTs}, ${t.trades.seq}) > (${c.exitTs}, ${c.seq})`);
      }
      const order = descending ? [desc(t.trades.exitTs), desc(t.trades.seq)] : [asc(t.trades.exitTs), asc(t.trades.seq)];
      const rows = await db
        .select()
        .from(t.trades)
        .where(and(...where))
        .orderBy(...order)
        .limit(limit + 1);
      const items = rows.slice(0, limit);
      const lastItem = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && lastItem ? encodeTradeCursor(lastItem) : null };
    },

    async dailyPnl(range) {
      const d = t.dailyPerformance;
      const where = [gte(d.day, checkDay('from', range.from)), lte(d.day, checkDay('to', range.to))];
      if (range.symbol !== undefined) where.push(eq(d.symbol, range.symbol));
      return db
        .select()
        .from(d)
        .where(and(...where))
        .orderBy(asc(d.day), bySymbol(d.symbol));
    },

    async cooldowns(options = {}) {
      const c = t.cooldowns;
      return db
        .select()
        .from(c)
        .where(options.activeAt === undefined ? undefined : gt(c.until, options.activeAt))
        .orderBy(bySymbol(c.symbol));
    },

    async entryRejections(range) {
      const r = t.entryRejections;
      const where = [gte(r.day, checkDay('from', range.from)), lte(r.day, checkDay('to', range.to))];
      if (range.symbol !== undefined) where.push(eq(r.symbol, range.symbol));
      return db
        .select()
        .from(r)
        .where(and(...where))
        .orderBy(asc(r.day), bySymbol(r.symbol), bySymbol(r.reason));
    },

    async assets() {
      return db.select().from(t.assets).orderBy(bySymbol(t.assets.symbol));
    },

    async regimes() {
      const rows = await db.select().from(t.assets).where(or(isNotNull(t.assets.regime), isNotNull(t.assets.indicatorsT))).orderBy(bySymbol(t.assets.symbol));
      return rows.map(toRegimeView);
    },

    async trail(correlationId, options = {}) {
      const limit = checkLimit(options.limit, 1000, 10_000);
      const e = t.eventTrail;
      const rows = await db
        .select()
        .from(e)
        .where(or(eq(e.correlationId, correlationId), eq(e.eventId, correlationId)))
        .orderBy(asc(e.ts), asc(e.stream), asc(e.seq))
        .limit(limit);
      return causalOrder(rows);
    },

    async checkpoint(stream, consumer = DEFAULT_CONSUMER) {
      const [row] = await db
        .select({ lastSeq: t.checkpoints.lastSeq })
        .from(t.checkpoints)
        .where(and(eq(t.checkpoints.consumer, consumer), eq(t.checkpoints.stream, stream)));
      return row?.lastSeq ?? 0;
    },
  };
}
