import { getTableColumns } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { quoteIdent } from '../schema-names';

/**
 * Appends rows with `COPY ... FROM STDIN` (text format): about twice the rows/s of an unnest
 * insert (OPS.md), with no conflict handling, so only for rows whose key cannot exist yet. Columns,
 * order and types come from the drizzle table.
 */

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** COPY text escaping: backslash, newline, carriage return and tab are the only specials. */
export function copyText(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : text;
}

/** JSON text holds no raw newline, return or tab (JSON.stringify escapes them): only `\` needs doubling. */
export function copyJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\') ? json.replace(/\\/g, '\\\\') : json;
}

const KIND = { Text: 0, Number: 1, Json: 2, Boolean: 3 } as const;
type Kind = (typeof KIND)[keyof typeof KIND];

function kindOf(column: PgColumn): Kind {
  switch (column.getSQLType()) {
    case 'jsonb':
    case 'json':
      return KIND.Json;
    case 'boolean':
      return KIND.Boolean;
    case 'bigint':
    case 'integer':
    case 'smallint':
    case 'double precision':
      return KIND.Number;
    default:
      return KIND.Text;
  }
}

interface CopyShape {
  readonly sql: string;
  readonly keys: readonly string[];
  readonly kinds: readonly Kind[];
}

const shapes = new WeakMap<PgTable, CopyShape>();

function shapeOf(table: PgTable): CopyShape {
  const known = shapes.get(table);
  if (known) return known;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const config = getTableConfig(table);
  const name = config.schema === undefined ? quoteIdent(config.name) : `${quoteIdent(config.schema)}.${quoteIdent(config.name)}`;
  const keys = Object.keys(columns);
  const shape: CopyShape = {
    sql: `COPY ${name} (${keys.map((key) => quoteIdent(columns[key]!.name)).join(', ')}) FROM STDIN`,
    keys,
    kinds: keys.map((key) => kindOf(columns[key]!)),
  };
  shapes.set(table, shape);
  return shape;
}

const CHUNK_ROWS = 1000;

/**
 * The COPY text of `rows`, in chunks of CHUNK_ROWS rows. Encoding apart from sending lets a rebuild
 * encode the next batch while Postgres still reads the previous one.
 */
export function encodeCopy<T extends PgTable>(table: T, rows: readonly T['$inferSelect'][]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let from = 0; from < rows.length; from += CHUNK_ROWS) chunks.push(encodeChunk(table, rows, from));
  return chunks;
}

/** encodeCopy, giving the event loop a turn after each chunk (so sockets keep flowing meanwhile). */
export async function encodeCopyYielding<T extends PgTable>(table: T, rows: readonly T['$inferSelect'][]): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for (let from = 0; from < rows.length; from += CHUNK_ROWS) {
    chunks.push(encodeChunk(table, rows, from));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return chunks;
}

function encodeChunk<T extends PgTable>(table: T, rows: readonly T['$inferSelect'][], from: number): Buffer {
  const { keys, kinds } = shapeOf(table);
  const width = keys.length;
  const to = Math.min(rows.length, from + CHUNK_ROWS);
  let text = '';
  for (let r = from; r < to; r++) {
    const record = rows[r] as Record<string, unknown>;
    for (let i = 0; i < width; i++) {
      const value = record[keys[i]!];
      if (i > 0) text += '\t';
      if (value === null || value === undefined) text += '\\N';
      else {
        switch (kinds[i]) {
          // JS prints the shortest decimal that reads back as the same double; Postgres reads it exactly.
          case KIND.Number:
            text += value as number;
            break;
          case KIND.Json:
            text += copyJson(value);
            break;
          case KIND.Boolean:
            text += value ? 't' : 'f';
            break;
          default:
            text += copyText(typeof value === 'string' ? value : String(value));
        }
      }
    }
    text += '\n';
  }
  return Buffer.from(text, 'utf8');
}

/** Sends chunks from encodeCopy; a key that exists already fails the statement (and the transaction). */
export async function copyEncoded(client: PoolClient, table: PgTable, chunks: readonly Buffer[]): Promise<number> {
  if (chunks.length === 0) return 0;
  const copy = client.query(copyFrom(shapeOf(table).sql));
  await pipeline(Readable.from(chunks), copy);
  return copy.rowCount;
}

/** Copies `rows` into `table`. */
export async function copyInsert<T extends PgTable>(client: PoolClient, table: T, rows: readonly T['$inferSelect'][]): Promise<number> {
  return copyEncoded(client, table, encodeCopy(table, rows));
}
