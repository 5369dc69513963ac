import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { dropReadModel } from '../src/drop-read-model';

/** Real services, from the environment as CI sets them, or the machine's defaults. */
export const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A namespace no other test (or run) uses: `t` and 10 hex digits. */
export function testNamespace(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

export function testPool(): Pool {
  return new Pool({ connectionString: DATABASE_URL, max: 4 });
}

/** A client that fails fast instead of queueing when Redis is away. */
export function testRedis(url = REDIS_URL): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
}

/** Drops every schema of the namespaces and deletes their Redis keys. */
export async function cleanUp(pool: Pool, namespaces: readonly string[], redis?: Redis): Promise<void> {
  for (const ns of namespaces) {
    await dropReadModel(pool, ns);
    if (redis) {
      const keys = await redis.keys(`mast:${ns}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  }
}

/**
 * Every read-model table of a schema as JSON text rows (Postgres prints doubles exactly), in
 * primary-key order: for comparing two builds. Stream names lose their namespace prefix
 * (`T1A2B_EXEC` -> `EXEC`), so builds of two namespaces compare.
 */
export async function dumpSchema(pool: Pool, schemaName: string): Promise<Record<string, string[]>> {
  const { rows: tables } = await pool.query<{ table: string; pk: string[] }>(
    `SELECT c.relname AS table, array_agg(a.attname::text ORDER BY k.ord) AS pk
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE n.nspname = $1 AND c.relname <> '__migrations'
      GROUP BY c.relname
      ORDER BY c.relname`,
    [schemaName],
  );
  const streamPrefix = new RegExp(`"stream":"${schemaName.replace(/^mast_/, '').toUpperCase()}_`, 'g');
  const dump: Record<string, string[]> = {};
  for (const { table, pk } of tables) {
    const order = pk.map((column) => `t."${column}"`).join(', ');
    const { rows } = await pool.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${schemaName}"."${table}" t ORDER BY ${order}`);
    dump[table] = rows.map(({ row }) => row.replace(streamPrefix, '"stream":"'));
  }
  return dump;
}

/**
 * Asserts two dumps are equal. Deep equality over tens of thousands of rows is slow in Jest, so
 * tables are compared as JSON first and only a differing table goes through toEqual (for its diff).
 */
export function expectSameDump(actual: Record<string, string[]>, expected: Record<string, string[]>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const table of Object.keys(expected)) {
    if (actual[table]!.join('\n') !== expected[table]!.join('\n')) expect({ [table]: actual[table] }).toEqual({ [table]: expected[table] });
  }
}
