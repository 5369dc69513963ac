import { bigint, doublePrecision, primaryKey } from 'drizzle-orm/pg-core';
import type { PgSchema } from 'drizzle-orm/pg-core';
import { byteText } from './byte-text';

/** Closed 1-minute candles; `ts` is the open time. The first candle of a (symbol, ts) wins. */
export function candlesTable(schema: PgSchema) {
  return schema.table(
    'candles',
    {
      symbol: byteText('symbol').notNull(),
      ts: bigint('ts', { mode: 'number' }).notNull(),
      open: doublePrecision('open').notNull(),
      high: doublePrecision('high').notNull(),
      low: doublePrecision('low').notNull(),
      close: doublePrecision('close').notNull(),
      volume: doublePrecision('volume').notNull(),
    },
    (t) => [primaryKey({ name: 'candles_pkey', columns: [t.symbol, t.ts] })],
  );
}
