import { getTableColumns } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { MigrationChecksumError, UnknownMigrationError } from '../src/migration-errors';
import { migrate } from '../src/migrate';
import { castType } from '../src/schema/byte-text';
import { loadMigrations } from '../src/migrations';
import { READ_MODEL_TABLE_NAMES, readModelTables, tablesByName } from '../src/schema/tables';
import { schemaNameFor } from '../src/schema-names';
import { cleanUp, testNamespace, testPool } from './services';

const pool = testPool();
const namespaces: string[] = [];
const fresh = () => {
  const ns = testNamespace();
  namespaces.push(ns);
  return ns;
};

afterAll(async () => {
  await cleanUp(pool, namespaces);
  await pool.end();
});

describe('migrate', () => {
  it('creates the namespace schema with every table, and a second run applies nothing', async () => {
    const ns = fresh();
    const first = await migrate(pool, ns);
    expect(first.schemaName).toBe(schemaNameFor(ns));
    expect(first.applied).toEqual(loadMigrations().map((m) => m.tag));
    const second = await migrate(pool, ns);
    expect(second.applied).toEqual([]);

    const { rows } = await pool.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [first.schemaName]);
    expect(rows.map((r) => r.table_name).sort()).toEqual([...READ_MODEL_TABLE_NAMES, '__migrations'].sort());
  });

  it('is safe when several processes migrate the same namespace at once', async () => {
    const ns = fresh();
    const results = await Promise.all([migrate(pool, ns), migrate(pool, ns), migrate(pool, ns)]);
    const appliedRuns = results.filter((r) => r.applied.length > 0);
    expect(appliedRuns).toHaveLength(1);
    const { rows } = await pool.query(`SELECT tag FROM "${schemaNameFor(ns)}"."__migrations"`);
    expect(rows).toHaveLength(loadMigrations().length);
  });

  it('matches the drizzle tables column for column (the generated SQL is up to date)', async () => {
    const ns = fresh();
    const { schemaName } = await migrate(pool, ns);
    const tables = readModelTables(schemaName);
    const { rows } = await pool.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; collation_name: string | null }>(
      'SELECT table_name, column_name, data_type, is_nullable, collation_name FROM information_schema.columns WHERE table_schema = $1',
      [schemaName],
    );
    for (const name of READ_MODEL_TABLE_NAMES) {
      const table = tablesByName(tables)[name];
      expect(getTableConfig(table).name).toBe(name);
      const expected = Object.values(getTableColumns(table) as Record<string, PgColumn>)
        .map((c) => ({ column: c.name, type: castType(c.getSQLType()), collation: /COLLATE "C"/.test(c.getSQLType()) ? 'C' : null, nullable: !c.notNull }))
        .sort((a, b) => a.column.localeCompare(b.column));
      const actual = rows
        .filter((r) => r.table_name === name)
        .map((r) => ({ column: r.column_name, type: r.data_type, collation: r.collation_name, nullable: r.is_nullable === 'YES' }))
        .sort((a, b) => a.column.localeCompare(b.column));
      expect(actual).toEqual(expected);
    }
  });

  it('refuses a schema whose applied migration was edited, or that a newer version migrated', async () => {
    const ns = fresh();
    const { schemaName } = await migrate(pool, ns);
    const [first] = loadMigrations();
    await pool.query(`UPDATE "${schemaName}"."__migrations" SET checksum = 'edited' WHERE tag = $1`, [first!.tag]);
    await expect(migrate(pool, ns)).rejects.toThrow(MigrationChecksumError);
    await pool.query(`UPDATE "${schemaName}"."__migrations" SET checksum = $2 WHERE tag = $1`, [first!.tag, first!.checksum]);
    await pool.query(`INSERT INTO "${schemaName}"."__migrations" (tag, checksum) VALUES ('9999_from_the_future', 'x')`);
    await expect(migrate(pool, ns)).rejects.toThrow(UnknownMigrationError);
  });
});
