import { date, integer, primaryKey, text } from 'drizzle-orm/pg-core';
import type { PgSchema } from 'drizzle-orm/pg-core';

/** How many entries risk rejected, per UTC day (of the deciding candle), symbol and reason. */
export function entryRejectionsTable(schema: PgSchema) {
  return schema.table(
    'entry_rejections',
    {
      day: date('day', { mode: 'string' }).notNull(),
      symbol: text('symbol').notNull(),
      reason: text('reason').notNull(),
      count: integer('count').notNull(),
    },
    (t) => [primaryKey({ name: 'entry_rejections_pkey', columns: [t.day, t.symbol, t.reason] })],
  );
}
