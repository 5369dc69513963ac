import type { assetsTable } from '../schema/assets';
import type { candlesTable } from '../schema/candles';
import type { cooldownsTable } from '../schema/cooldowns';
import type { dailyPerformanceTable } from '../schema/daily-performance';
import type { entryRejectionsTable } from '../schema/entry-rejections';
import type { eventTrailTable } from '../schema/event-trail';
import type { positionsTable } from '../schema/positions';
import type { tradesTable } from '../schema/trades';
import type { tradingStateTable } from '../schema/trading-state';

/** Rows as drizzle reads them (camelCase, numbers), which is also how the projector writes them. */
export type AssetRow = ReturnType<typeof assetsTable>['$inferSelect'];
export type CandleRow = ReturnType<typeof candlesTable>['$inferSelect'];
export type PositionRow = ReturnType<typeof positionsTable>['$inferSelect'];
export type TradeRow = ReturnType<typeof tradesTable>['$inferSelect'];
export type DailyPerformanceRow = ReturnType<typeof dailyPerformanceTable>['$inferSelect'];
export type CooldownRow = ReturnType<typeof cooldownsTable>['$inferSelect'];
export type TradingStateRow = ReturnType<typeof tradingStateTable>['$inferSelect'];
export type EntryRejectionRow = ReturnType<typeof entryRejectionsTable>['$inferSelect'];
export type EventTrailRow = ReturnType<typeof eventTrailTable>['$inferSelect'];
