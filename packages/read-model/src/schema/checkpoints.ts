import { bigint, primaryKey, text } from 'drizzle-orm/pg-core';
import type { PgSchema } from 'drizzle-orm/pg-core';

/** The last stream sequence applied per consumer and stream, written in the batch's transaction. */
export function checkpointsTable(schema: PgSchema) {
  return schema.table(
    'checkpoints',
    {
      consumer: text('consumer').notNull(),
      stream: text('stream').notNull(),
      lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
    },
    (t) => [primaryKey({ name: 'checkpoints_pkey', columns: [t.consumer, t.stream] })],
  );
}
