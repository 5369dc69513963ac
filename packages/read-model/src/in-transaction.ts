import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on a client of its own: COMMIT when it resolves, ROLLBACK and
 * rethrow when it throws. A connection lost mid-transaction is also an 'error' event on the
 * client, which would end the process without a listener (the failing query rejects all the
 * same), and a client whose transaction failed may hold a dead connection, so it is discarded
 * rather than returned to the pool.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  const onLost = (): void => undefined;
  client.on('error', onLost);
  let broken: unknown;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken = error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.off('error', onLost);
    client.release(broken instanceof Error ? broken : undefined);
  }
}
