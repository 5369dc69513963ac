import { getTableColumns } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { quoteIdent } from '../schema-names';
import { castType } from '../schema/byte-text';
import type { ChunkPool } from './chunk-pool';

/**
 * Appends rows with `COPY ... FROM STDIN (FORMAT binary)`: about twice the rows/s of an unnest
 * insert (OPS.md), with no conflict handling, so only for rows whose key cannot exist yet. Columns,
 * order and types come from the drizzle table.
 *
 * Binary rather than text: a double goes as its 8 bytes instead of being printed by JavaScript and
 * parsed back by Postgres (both slow, and a candle row is five of them), strings need no escaping,
 * and the rows are written straight into (reusable) buffers instead of one long string per chunk.
 * The values stored are the same as text format's: text and json columns get the same characters
 * (json is `JSON.stringify` of the value either way), numbers the same double or integer.
 */

const WRITE = { Text: 0, Json: 1, Jsonb: 2, Int8: 3, Int4: 4, Int2: 5, Float8: 6, Bool: 7 } as const;
type Write = (typeof WRITE)[keyof typeof WRITE];

function writeOf(column: PgColumn): Write {
  const type = castType(column.getSQLType());
  switch (type) {
    case 'text':
      return WRITE.Text;
    case 'json':
      return WRITE.Json;
    case 'jsonb':
      return WRITE.Jsonb;
    case 'bigint':
      return WRITE.Int8;
    case 'integer':
      return WRITE.Int4;
    case 'smallint':
      return WRITE.Int2;
    case 'double precision':
      return WRITE.Float8;
    case 'boolean':
      return WRITE.Bool;
    default:
      // Binary input is per type: one not listed here needs its own encoding before it can be copied.
      throw new TypeError(`column ${column.name}: no binary COPY encoding for type ${type}`);
  }
}

interface CopyShape {
  readonly sql: string;
  readonly keys: readonly string[];
  readonly names: readonly string[];
  readonly writes: readonly Write[];
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
    sql: `COPY ${name} (${keys.map((key) => quoteIdent(columns[key]!.name)).join(', ')}) FROM STDIN (FORMAT binary)`,
    keys,
    names: keys.map((key) => columns[key]!.name),
    writes: keys.map((key) => writeOf(columns[key]!)),
  };
  shapes.set(table, shape);
  return shape;
}

/** The binary COPY header: signature, flags (none), header extension length (none). */
const HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
const TWO_32 = 4294967296;
/** Field length, type byte and value of the widest fixed-size field. */
const FIXED_ROOM = 4 + 1 + 8;
/** Chunks when no pool is given start small (a live batch is often a few rows) and double up to the largest. */
const FIRST_UNPOOLED_BYTES = 16 * 1024;
const LARGEST_UNPOOLED_BYTES = 256 * 1024;

export class CopyValueError extends Error {
  override readonly name = 'CopyValueError';
}

/**
 * Writes binary COPY data into a list of chunks. A chunk may end anywhere, even inside a field:
 * COPY data messages need not line up with rows.
 */
class CopyChunks {
  readonly chunks: Buffer[] = [];
  private buffer: Buffer;
  private offset = 0;
  private nextUnpooled = FIRST_UNPOOLED_BYTES;

  constructor(private readonly pool: ChunkPool | undefined) {
    this.buffer = this.take(HEADER.length);
    this.offset = HEADER.copy(this.buffer, 0);
  }

  private take(bytes: number): Buffer {
    if (this.pool) return this.pool.take(bytes);
    const size = Math.max(bytes, this.nextUnpooled);
    this.nextUnpooled = Math.min(this.nextUnpooled * 2, LARGEST_UNPOOLED_BYTES);
    return Buffer.allocUnsafeSlow(size);
  }

  /** Makes room for `bytes` more, starting a new chunk if the current one lacks it. */
  private room(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    if (this.offset > 0) this.chunks.push(this.buffer.subarray(0, this.offset));
    else this.pool?.give([this.buffer]);
    this.buffer = this.take(bytes);
    this.offset = 0;
  }

  row(fields: number): void {
    this.room(2);
    this.offset = this.buffer.writeInt16BE(fields, this.offset);
  }

  null(): void {
    this.room(4);
    this.offset = this.buffer.writeInt32BE(-1, this.offset);
  }

  /** UTF-8 of `text`, after `prefix` (jsonb's version byte) if given. */
  text(text: string, prefix?: number): void {
    const extra = prefix === undefined ? 0 : 1;
    // At most three bytes per UTF-16 unit (a surrogate pair is two units, four bytes).
    this.room(4 + extra + 3 * text.length);
    const start = this.offset + 4;
    if (prefix !== undefined) this.buffer[start] = prefix;
    const written = this.buffer.write(text, start + extra);
    this.buffer.writeInt32BE(written + extra, this.offset);
    this.offset = start + extra + written;
  }

  int8(value: number): void {
    this.room(FIXED_ROOM);
    const high = Math.floor(value / TWO_32);
    let at = this.buffer.writeInt32BE(8, this.offset);
    at = this.buffer.writeInt32BE(high, at);
    this.offset = this.buffer.writeUInt32BE(value - high * TWO_32, at);
  }

  int4(value: number): void {
    this.room(FIXED_ROOM);
    this.offset = this.buffer.writeInt32BE(value, this.buffer.writeInt32BE(4, this.offset));
  }

  int2(value: number): void {
    this.room(FIXED_ROOM);
    this.offset = this.buffer.writeInt16BE(value, this.buffer.writeInt32BE(2, this.offset));
  }

  float8(value: number): void {
    this.room(FIXED_ROOM);
    // -0 as 0: text format printed it "0", and that is what the read model has always stored.
    this.offset = this.buffer.writeDoubleBE(value === 0 ? 0 : value, this.buffer.writeInt32BE(8, this.offset));
  }

  bool(value: boolean): void {
    this.room(FIXED_ROOM);
    this.offset = this.buffer.writeUInt8(value ? 1 : 0, this.buffer.writeInt32BE(1, this.offset));
  }

  /** The trailer, and the chunks. */
  end(): Buffer[] {
    this.room(2);
    this.offset = this.buffer.writeInt16BE(-1, this.offset);
    this.chunks.push(this.buffer.subarray(0, this.offset));
    return this.chunks;
  }
}

function integer(value: unknown, min: number, max: number, column: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw new CopyValueError(`column ${column}: ${String(value)} is not an integer of its type`);
  return value;
}

const INT4 = 2 ** 31;
const INT2 = 2 ** 15;

function writeRow(out: CopyChunks, shape: CopyShape, record: Record<string, unknown>): void {
  const { keys, writes, names } = shape;
  out.row(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const value = record[keys[i]!];
    if (value === null || value === undefined) {
      out.null();
      continue;
    }
    switch (writes[i]) {
      case WRITE.Text:
        out.text(typeof value === 'string' ? value : String(value));
        break;
      case WRITE.Json:
        out.text(JSON.stringify(value));
        break;
      case WRITE.Jsonb:
        out.text(JSON.stringify(value), 1);
        break;
      case WRITE.Int8:
        // Beyond 2^53 a number is no longer an exact integer: refuse it, as Postgres refused a non-integer in text.
        out.int8(integer(value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, names[i]!));
        break;
      case WRITE.Int4:
        out.int4(integer(value, -INT4, INT4 - 1, names[i]!));
        break;
      case WRITE.Int2:
        out.int2(integer(value, -INT2, INT2 - 1, names[i]!));
        break;
      case WRITE.Float8:
        if (typeof value !== 'number') throw new CopyValueError(`column ${names[i]!}: ${String(value)} is not a number`);
        out.float8(value);
        break;
      default:
        out.bool(Boolean(value));
    }
  }
}

/**
 * Encodes rows one by one as they come, so a caller can drop each row once added: a rebuild's rows
 * kept for a whole batch outlived V8's young generation, and the full collections that brought on
 * paused the benchmark for ~0.13 s every other rebuild. Chunks come from `pool` if given: hand
 * them back once Postgres has read them.
 */
export class CopyEncoder<T extends PgTable> {
  private readonly shape: CopyShape;
  private out: CopyChunks | undefined;

  constructor(
    table: T,
    private readonly pool?: ChunkPool,
  ) {
    this.shape = shapeOf(table);
  }

  add(row: T['$inferSelect']): void {
    writeRow((this.out ??= new CopyChunks(this.pool)), this.shape, row as Record<string, unknown>);
  }

  /** The chunks filled so far (the one being filled stays), to send before the rows are all added. */
  takeFilled(): Buffer[] {
    return this.out ? this.out.chunks.splice(0, this.out.chunks.length) : [];
  }

  /** The COPY data of the rows added (less what takeFilled took); none if no row was. */
  end(): Buffer[] {
    const chunks = this.out?.end() ?? [];
    this.out = undefined;
    return chunks;
  }
}

/** The binary COPY data of `rows`, in chunks (from `pool` if given). */
export function encodeCopy<T extends PgTable>(table: T, rows: readonly T['$inferSelect'][], pool?: ChunkPool): Buffer[] {
  const encoder = new CopyEncoder(table, pool);
  for (const row of rows) encoder.add(row);
  return encoder.end();
}

/** Sends chunks from encodeCopy; a key that exists already fails the statement (and the transaction). */
export async function copyEncoded(client: PoolClient, table: PgTable, chunks: readonly Buffer[]): Promise<number> {
  if (chunks.length === 0) return 0;
  return copyStreamed(client, table, chunks);
}

/** Sends COPY data as it comes (a CopyEncoder's, header first); the data must hold at least one row. */
export async function copyStreamed(client: PoolClient, table: PgTable, chunks: Iterable<Buffer> | AsyncIterable<Buffer>): Promise<number> {
  const copy = client.query(copyFrom(shapeOf(table).sql));
  await pipeline(Readable.from(chunks), copy);
  return copy.rowCount;
}

/** Copies `rows` into `table`. */
export async function copyInsert<T extends PgTable>(client: PoolClient, table: T, rows: readonly T['$inferSelect'][]): Promise<number> {
  return copyEncoded(client, table, encodeCopy(table, rows));
}
