import { bigint, doublePrecision, index, text } from 'drizzle-orm/pg-core';
import type { PgSchema } from 'drizzle-orm/pg-core';

/**
 * Closed trades with exactly STRATEGY.md's output fields, one per execution PositionClosed
 * (`event_id`, so a re-published close is not a second trade). `seq` is that event's sequence in
 * the execution stream: trades close in (exit_ts, seq) order.
 */
export function tradesTable(schema: PgSchema) {
  return schema.table(
    'trades',
    {
      eventId: text('event_id').primaryKey(),
      seq: bigint('seq', { mode: 'number' }).notNull(),
      symbol: text('symbol').notNull(),
      entryTs: bigint('entry_ts', { mode: 'number' }).notNull(),
      entryPrice: doublePrecision('entry_price').notNull(),
      exitTs: bigint('exit_ts', { mode: 'number' }).notNull(),
      exitPrice: doublePrecision('exit_price').notNull(),
      qty: doublePrecision('qty').notNull(),
      reason: text('reason').notNull(),
      /** Entry fee plus exit fee. */
      fees: doublePrecision('fees').notNull(),
      /** Net of both fees. */
      pnl: doublePrecision('pnl').notNull(),
    },
    (t) => [index('trades_exit_idx').on(t.exitTs, t.seq), index('trades_symbol_exit_idx').on(t.symbol, t.exitTs, t.seq)],
  );
}
