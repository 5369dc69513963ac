import { pgSchema } from 'drizzle-orm/pg-core';
import type { PgTable } from 'drizzle-orm/pg-core';
import { assetsTable } from './assets';
import { candlesTable } from './candles';
import { checkpointsTable } from './checkpoints';
import { cooldownsTable } from './cooldowns';
import { dailyPerformanceTable } from './daily-performance';
import { entryRejectionsTable } from './entry-rejections';
import { eventTrailTable } from './event-trail';
import { positionsTable } from './positions';
import { tradesTable } from './trades';
import { tradingStateTable } from './trading-state';

/**
 * The read model's tables bound to one Postgres schema. Every namespace (and every rebuild) has
 * its own schema, so the tables are made per schema name rather than declared once.
 */
export function readModelTables(schemaName: string) {
  const schema = pgSchema(schemaName);
  return {
    schema,
    assets: assetsTable(schema),
    candles: candlesTable(schema),
    positions: positionsTable(schema),
    trades: tradesTable(schema),
    dailyPerformance: dailyPerformanceTable(schema),
    cooldowns: cooldownsTable(schema),
    tradingState: tradingStateTable(schema),
    entryRejections: entryRejectionsTable(schema),
    eventTrail: eventTrailTable(schema),
    checkpoints: checkpointsTable(schema),
  };
}
export type ReadModelTables = ReturnType<typeof readModelTables>;

/** Table names in the order a full comparison or a dump walks them. */
export const READ_MODEL_TABLE_NAMES = [
  'assets',
  'candles',
  'positions',
  'trades',
  'daily_performance',
  'cooldowns',
  'trading_state',
  'entry_rejections',
  'event_trail',
  'checkpoints',
] as const;
export type ReadModelTableName = (typeof READ_MODEL_TABLE_NAMES)[number];

/** The tables by their Postgres name. */
export function tablesByName(t: ReadModelTables): Readonly<Record<ReadModelTableName, PgTable>> {
  return {
    assets: t.assets,
    candles: t.candles,
    positions: t.positions,
    trades: t.trades,
    daily_performance: t.dailyPerformance,
    cooldowns: t.cooldowns,
    trading_state: t.tradingState,
    entry_rejections: t.entryRejections,
    event_trail: t.eventTrail,
    checkpoints: t.checkpoints,
  };
}
