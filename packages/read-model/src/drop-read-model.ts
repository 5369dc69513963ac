import type { Pool } from 'pg';
import { quoteIdent, schemaNameFor, workSchemaPattern } from './schema-names';

/** Drops a namespace's read model (live schema and any rebuild left over), e.g. after a replay. */
export async function dropReadModel(pool: Pool, ns: string): Promise<void> {
  const live = schemaNameFor(ns);
  const { rows } = await pool.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname = $1 OR nspname LIKE $2', [live, workSchemaPattern(ns)]);
  for (const { nspname } of rows) await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(nspname)} CASCADE`);
}
