export { schemaNameFor, rebuildSchemaName, SchemaNameError, isSchemaNameError } from './schema-names';
export { readModelTables, READ_MODEL_TABLE_NAMES } from './schema/tables';
export type { ReadModelTables, ReadModelTableName } from './schema/tables';
export { PORTFOLIO_KEY } from './schema/daily-performance';

export { inTransaction } from './in-transaction';
export { migrate, migrateSchema } from './migrate';
export type { MigrateResult } from './migrate';
export { loadMigrations, MIGRATIONS_DIR } from './migrations';
export type { Migration } from './migrations';
export { MigrationChecksumError, isMigrationChecksumError, UnknownMigrationError, isUnknownMigrationError } from './migration-errors';
export { dropReadModel } from './drop-read-model';

export { createProjector } from './projector';
export { DEFAULT_CONSUMER } from './projection/batch-context';
export type { Projector, ProjectorOptions, ProjectorStats, ProjectorLogger, ApplyResult } from './projector';
export type { ApplyBatchResult } from './projection/apply-batch';
export type { ProjectionItem } from './projection/projection-item';
export { InvalidProjectionItemError, isInvalidProjectionItemError } from './projection/projection-item';
export { snapshotKeys, RedisSnapshotError, isRedisSnapshotError } from './projection/redis-snapshots';
export type { SnapshotRedis } from './projection/redis-snapshots';
export { decisionDay, dayString } from './projection/days';

export { readModel } from './queries/read-model';
export type { ReadModel, TradesQuery, TradesPage, DayRange } from './queries/read-model';
export { readModelSeries, PER_CANDLE_TYPES } from './queries/series-queries';
export type { SeriesQueries, SeriesRange, EquityPoint, AssetPoint, FeedEntry, SymbolPnl, CloseSeries, StreamCursors, TrailChanges } from './queries/series-queries';
export { InvalidCursorError, isInvalidCursorError } from './queries/trade-cursor';
export { InvalidQueryError, isInvalidQueryError } from './queries/query-errors';
export type { PortfolioView, PositionView, RegimeView, AssetView, TradeView, DailyPerformanceView, CooldownView, EntryRejectionView, TrailEntry } from './views';

export { rebuild, refreshSnapshots } from './rebuild';
export type { RebuildOptions, RebuildResult } from './rebuild';
export { RebuildInProgressError, isRebuildInProgressError, RebuildBehindLiveError, isRebuildBehindLiveError } from './rebuild-errors';
