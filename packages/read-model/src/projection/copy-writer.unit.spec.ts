import { readModelTables } from '../schema/tables';
import { ChunkPool } from './chunk-pool';
import { CopyEncoder, CopyValueError, encodeCopy } from './copy-writer';
import type { CandleRow, EventTrailRow } from './rows';

const tables = readModelTables('copy_test');
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Binary COPY data back into rows of raw fields (null for SQL NULL), as Postgres reads it. */
function decode(chunks: readonly Buffer[]): (Buffer | null)[][] {
  const data = Buffer.concat(chunks);
  expect(data.subarray(0, 11)).toEqual(SIGNATURE);
  expect(data.readInt32BE(11)).toBe(0);
  let at = 15 + 4 + data.readInt32BE(15);
  const rows: (Buffer | null)[][] = [];
  for (let fields = data.readInt16BE(at); fields !== -1; fields = data.readInt16BE(at)) {
    at += 2;
    const row: (Buffer | null)[] = [];
    for (let f = 0; f < fields; f++) {
      const length = data.readInt32BE(at);
      at += 4;
      if (length === -1) row.push(null);
      else {
        row.push(data.subarray(at, at + length));
        at += length;
      }
    }
    rows.push(row);
  }
  expect(at + 2).toBe(data.length);
  return rows;
}

const int8 = (field: Buffer | null) => Number(field!.readBigInt64BE());
const text = (field: Buffer | null) => field!.toString('utf8');

const trailRow = (over: Partial<EventTrailRow> = {}): EventTrailRow => ({
  stream: 'T1_MD',
  seq: 7,
  eventId: 'CandleClosed:BTCUSDT:1746372780000',
  type: 'CandleClosed',
  v: 1,
  ts: 1746372840000,
  tsInit: null,
  symbol: 'BTCUSDT',
  source: 'market-data',
  causationId: null,
  correlationId: null,
  data: { close: 0.1 + 0.2 },
  ...over,
});

const candle = (over: Partial<CandleRow> = {}): CandleRow => ({ symbol: 'BTCUSDT', ts: 1746372780000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, ...over });

describe('encodeCopy (binary COPY)', () => {
  it('writes each column in its binary form, in the table order, NULL as -1', () => {
    const data = { why: 'line\nbreak\ttab "quoted" back\\slash', n: 0.1 + 0.2, nested: [1, null, 'é'] };
    const rows = decode(encodeCopy(tables.eventTrail, [trailRow({ symbol: null, causationId: 'cause é\\\t', tsInit: -5, data })]));
    expect(rows).toHaveLength(1);
    const [stream, seq, eventId, type, v, ts, tsInit, symbol, source, causationId, correlationId, json] = rows[0]!;
    expect(text(stream!)).toBe('T1_MD');
    expect(int8(seq!)).toBe(7);
    expect(text(eventId!)).toBe('CandleClosed:BTCUSDT:1746372780000');
    expect(text(type!)).toBe('CandleClosed');
    expect(v!.readInt32BE()).toBe(1);
    expect(int8(ts!)).toBe(1746372840000);
    expect(int8(tsInit!)).toBe(-5);
    expect(symbol).toBeNull();
    expect(text(source!)).toBe('market-data');
    // No escaping in binary format: the characters themselves, as UTF-8.
    expect(text(causationId!)).toBe('cause é\\\t');
    expect(correlationId).toBeNull();
    // json is the text JSON.stringify gives, byte for byte.
    expect(text(json!)).toBe(JSON.stringify(data));
  });

  it('sends doubles as their exact bits, -0 as 0 (as text format printed it)', () => {
    const values = [0.1 + 0.2, -1e-300, 1.7976931348623157e308, Number.NaN, Number.POSITIVE_INFINITY, -0];
    const rows = decode(encodeCopy(tables.candles, values.map((v) => candle({ open: v }))));
    const read = rows.map((row) => row[2]!.readDoubleBE());
    expect(read.slice(0, 5)).toEqual(values.slice(0, 5));
    expect(Object.is(read[5], 0)).toBe(true);
  });

  it('writes every safe integer of a bigint column exactly, negative ones too', () => {
    const values = [0, 1, -1, 2 ** 32, -(2 ** 32) - 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    expect(decode(encodeCopy(tables.candles, values.map((ts) => candle({ ts })))).map((row) => int8(row[1]!))).toEqual(values);
  });

  it('refuses what the column cannot hold instead of storing something else', () => {
    expect(() => encodeCopy(tables.candles, [candle({ ts: 1.5 })])).toThrow(CopyValueError);
    expect(() => encodeCopy(tables.candles, [candle({ ts: 2 ** 53 })])).toThrow(CopyValueError);
    expect(() => encodeCopy(tables.eventTrail, [trailRow({ v: 2 ** 31 })])).toThrow(CopyValueError);
    expect(() => encodeCopy(tables.candles, [candle({ open: '1' as unknown as number })])).toThrow(CopyValueError);
  });

  it('gives no chunks for no rows', () => {
    expect(encodeCopy(tables.candles, [])).toEqual([]);
    expect(new CopyEncoder(tables.candles).end()).toEqual([]);
  });

  it('splits the data over pooled chunks anywhere, even inside a field, and decodes the same', () => {
    const rows = Array.from({ length: 50 }, (_, i) => trailRow({ seq: i + 1, data: { text: 'x'.repeat(i * 7), i } }));
    const whole = encodeCopy(tables.eventTrail, rows);
    const pool = new ChunkPool(64);
    const chunks = encodeCopy(tables.eventTrail, rows, pool);
    expect(chunks.length).toBeGreaterThan(10);
    expect(Buffer.concat(chunks)).toEqual(Buffer.concat(whole));
    expect(decode(chunks).map((row) => JSON.parse(text(row[11]!)))).toEqual(rows.map((row) => row.data));
  });
});

describe('ChunkPool', () => {
  it('hands a given-back buffer out again, once, and not one of another size', () => {
    const pool = new ChunkPool(1024, 4);
    const first = pool.take(10);
    expect(first.length).toBe(1024);
    pool.give([first.subarray(0, 100), first.subarray(0, 100)]);
    const again = pool.take(10);
    expect(again.buffer).toBe(first.buffer);
    expect(pool.take(10).buffer).not.toBe(first.buffer);
    const big = pool.take(5000);
    expect(big.length).toBe(5000);
    pool.give([big]);
    expect(pool.take(10).buffer).not.toBe(big.buffer);
  });
});
