import type { PoolClient } from 'pg';

/**
 * Serialises everything that writes one read-model schema (migrations, batches, the swap of a
 * rebuild) for the rest of the transaction, across processes: two projectors on one namespace
 * would otherwise interleave their read-fold-write steps.
 */
export async function lockSchema(client: PoolClient, schemaName: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`mast-read-model:${schemaName}`]);
}
