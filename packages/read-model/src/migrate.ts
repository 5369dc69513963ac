import type { Pool, PoolClient } from 'pg';
import { inTransaction } from './in-transaction';
import { MigrationChecksumError, UnknownMigrationError } from './migration-errors';
import { forSchema, loadMigrations } from './migrations';
import { lockSchema } from './schema-lock';
import { quoteIdent, schemaNameFor } from './schema-names';

export interface MigrateResult {
  readonly schemaName: string;
  /** Tags applied by this call (empty when the schema was up to date). */
  readonly applied: readonly string[];
}

/**
 * Brings a namespace's schema (`mast_<ns>`) up to date, creating it if needed. Idempotent and safe
 * to run from several processes at once: one transaction under the schema's advisory lock applies
 * what `<schema>.__migrations` does not list yet, so a failure leaves the schema as it was.
 */
export async function migrate(pool: Pool, ns: string): Promise<MigrateResult> {
  return migrateSchema(pool, schemaNameFor(ns));
}

export async function migrateSchema(pool: Pool, schemaName: string): Promise<MigrateResult> {
  const applied = await inTransaction(pool, (client) => migrateInTransaction(client, schemaName));
  return { schemaName, applied };
}

async function migrateInTransaction(client: PoolClient, schemaName: string): Promise<string[]> {
  await lockSchema(client, schemaName);
  const schema = quoteIdent(schemaName);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${schema}."__migrations" (tag text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const { rows } = await client.query<{ tag: string; checksum: string }>(`SELECT tag, checksum FROM ${schema}."__migrations"`);
  const done = new Map(rows.map((row) => [row.tag, row.checksum]));

  const migrations = loadMigrations();
  const known = new Set(migrations.map((m) => m.tag));
  const unknown = [...done.keys()].filter((tag) => !known.has(tag));
  if (unknown.length > 0) throw new UnknownMigrationError(schemaName, unknown.sort());

  const applied: string[] = [];
  for (const migration of migrations) {
    const checksum = done.get(migration.tag);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) throw new MigrationChecksumError(schemaName, migration.tag);
      continue;
    }
    for (const statement of migration.statements) await client.query(forSchema(statement, schemaName));
    await client.query(`INSERT INTO ${schema}."__migrations" (tag, checksum) VALUES ($1, $2)`, [migration.tag, migration.checksum]);
    applied.push(migration.tag);
  }
  return applied;
}
