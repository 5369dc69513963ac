import { bigint, doublePrecision, text } from 'drizzle-orm/pg-core';
import type { PgSchema } from 'drizzle-orm/pg-core';

/** Open short positions, one per symbol, from execution's PositionOpened; a close deletes the row. */
export function positionsTable(schema: PgSchema) {
  return schema.table('positions', {
    symbol: text('symbol').primaryKey(),
    /** `T` of the candle that opened it (Te). */
    entryT: bigint('entry_t', { mode: 'number' }).notNull(),
    crossT: bigint('cross_t', { mode: 'number' }).notNull(),
    entryPrice: doublePrecision('entry_price').notNull(),
    qty: doublePrecision('qty').notNull(),
    entryFee: doublePrecision('entry_fee').notNull(),
    takeProfit: doublePrecision('take_profit').notNull(),
    stopLoss: doublePrecision('stop_loss').notNull(),
    sizeFactor: doublePrecision('size_factor').notNull(),
    /** The PositionOpened event, to follow its trail. */
    eventId: text('event_id').notNull(),
  });
}
