import { getTableColumns } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { PoolClient } from 'pg';
import { castType } from '../schema/byte-text';
import { quoteIdent } from '../schema-names';

/**
 * Multi-row writes as `INSERT ... SELECT * FROM unnest($1::type[], ...)`: one statement and one
 * array parameter per column, whatever the number of rows (OPS.md: about twice the rows/s of a
 * 1,000-row VALUES list). Columns and types come from the drizzle table, so the SQL cannot drift
 * from the schema.
 */

type Key<T extends PgTable> = keyof T['$inferSelect'] & string;

export type ConflictAction<T extends PgTable> =
  /** Keep the row that is there (insert-only facts: candles, trades, the trail). */
  | { readonly onConflict: 'nothing'; readonly target: readonly Key<T>[] }
  /** Every non-key column takes the new value (rows the projector folded in full). */
  | { readonly onConflict: 'replace'; readonly target: readonly Key<T>[] }
  /** The listed columns add the new value to the old (integer counters only: addition is exact). */
  | { readonly onConflict: 'add'; readonly target: readonly Key<T>[]; readonly add: readonly Key<T>[] };

interface Shape {
  readonly keys: readonly string[];
  readonly columns: readonly PgColumn[];
  readonly qualifiedName: string;
}

const shapes = new WeakMap<PgTable, Shape>();

function shapeOf(table: PgTable): Shape {
  const known = shapes.get(table);
  if (known) return known;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const config = getTableConfig(table);
  const qualifiedName = config.schema === undefined ? quoteIdent(config.name) : `${quoteIdent(config.schema)}.${quoteIdent(config.name)}`;
  const shape: Shape = { keys: Object.keys(columns), columns: Object.values(columns), qualifiedName };
  shapes.set(table, shape);
  return shape;
}

function dbName(table: PgTable, key: string): string {
  const column = (getTableColumns(table) as Record<string, PgColumn>)[key];
  if (!column) throw new Error(`no column ${key} in ${shapeOf(table).qualifiedName}`);
  return quoteIdent(column.name);
}

function conflictClause<T extends PgTable>(table: T, action: ConflictAction<T>): string {
  const target = action.target.map((key) => dbName(table, key)).join(', ');
  if (action.onConflict === 'nothing') return `ON CONFLICT (${target}) DO NOTHING`;
  const shape = shapeOf(table);
  const targetKeys = new Set<string>(action.target);
  if (action.onConflict === 'replace') {
    const sets = shape.keys.filter((key) => !targetKeys.has(key)).map((key) => `${dbName(table, key)} = EXCLUDED.${dbName(table, key)}`);
    return `ON CONFLICT (${target}) DO UPDATE SET ${sets.join(', ')}`;
  }
  const sets = action.add.map((key) => `${dbName(table, key)} = t.${dbName(table, key)} + EXCLUDED.${dbName(table, key)}`);
  return `ON CONFLICT (${target}) DO UPDATE SET ${sets.join(', ')}`;
}

const sqlCache = new WeakMap<PgTable, Map<string, string>>();

function insertSql<T extends PgTable>(table: T, action: ConflictAction<T>): string {
  let perTable = sqlCache.get(table);
  if (!perTable) sqlCache.set(table, (perTable = new Map()));
  const cacheKey = JSON.stringify(action);
  const cached = perTable.get(cacheKey);
  if (cached) return cached;
  const shape = shapeOf(table);
  const names = shape.columns.map((column) => quoteIdent(column.name)).join(', ');
  const arrays = shape.columns.map((column, i) => `$${i + 1}::${castType(column.getSQLType())}[]`).join(', ');
  const text = `INSERT INTO ${shape.qualifiedName} AS t (${names}) SELECT * FROM unnest(${arrays}) ${conflictClause(table, action)}`;
  perTable.set(cacheKey, text);
  return text;
}

/** Writes `rows` in one statement; returns how many rows were inserted or updated. */
export async function unnestInsert<T extends PgTable>(client: PoolClient, table: T, rows: readonly T['$inferSelect'][], action: ConflictAction<T>): Promise<number> {
  if (rows.length === 0) return 0;
  const shape = shapeOf(table);
  const values = shape.columns.map((column, i) => {
    const key = shape.keys[i]!;
    const json = column.getSQLType() === 'jsonb';
    return rows.map((row) => {
      const value = (row as Record<string, unknown>)[key];
      if (value === undefined || value === null) return null;
      return json ? JSON.stringify(value) : value;
    });
  });
  const result = await client.query(insertSql(table, action), values);
  return result.rowCount ?? 0;
}

/** Deletes the rows whose single-column key is in `keys`. */
export async function deleteByKey<T extends PgTable>(client: PoolClient, table: T, key: Key<T>, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const column = (getTableColumns(table) as Record<string, PgColumn>)[key]!;
  const result = await client.query(`DELETE FROM ${shapeOf(table).qualifiedName} WHERE ${quoteIdent(column.name)} = ANY($1::${castType(column.getSQLType())}[])`, [keys]);
  return result.rowCount ?? 0;
}
