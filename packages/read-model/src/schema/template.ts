import { readModelTables } from './tables';

/**
 * The tables under a placeholder schema name, for drizzle-kit only (drizzle.config.ts): the
 * generated SQL in drizzle/ names this schema, and the migrator puts the namespace's schema in
 * its place. A namespace starts with a letter, so no real schema is called this.
 */
export const TEMPLATE_SCHEMA = '__mast_schema__';

const t = readModelTables(TEMPLATE_SCHEMA);
export const schema = t.schema;
export const assets = t.assets;
export const candles = t.candles;
export const positions = t.positions;
export const trades = t.trades;
export const dailyPerformance = t.dailyPerformance;
export const cooldowns = t.cooldowns;
export const tradingState = t.tradingState;
export const entryRejections = t.entryRejections;
export const eventTrail = t.eventTrail;
export const checkpoints = t.checkpoints;
