import { bigint, text } from 'drizzle-orm/pg-core';
import type { PgSchema } from 'drizzle-orm/pg-core';

/**
 * A symbol's cooldown from risk's CooldownStarted, deleted by CooldownEnded. `rule` and `since`
 * belong to the event that set the current `until` (a rule that does not extend it leaves them).
 */
export function cooldownsTable(schema: PgSchema) {
  return schema.table('cooldowns', {
    symbol: text('symbol').primaryKey(),
    until: bigint('until', { mode: 'number' }).notNull(),
    rule: text('rule').notNull(),
    since: bigint('since', { mode: 'number' }).notNull(),
  });
}
