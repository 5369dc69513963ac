import { drizzle } from 'drizzle-orm/node-postgres';
import type { Pool } from 'pg';
import { migrateSchema } from '../src/migrate';
import { copyInsert } from '../src/projection/copy-writer';
import type { CandleRow, EventTrailRow } from '../src/projection/rows';
import { readModelTables } from '../src/schema/tables';
import { schemaNameFor } from '../src/schema-names';
import { cleanUp, dumpSchema, expectSameDump, testNamespace, testPool } from './services';

const pool: Pool = testPool();
const namespaces: string[] = [];

afterAll(async () => {
  await cleanUp(pool, namespaces);
  await pool.end();
});

const awkward = ['tab\there', 'line\nbreak\r\n', 'back\\slash \\N', 'quote " and \'', 'é ü ß 中文', 'emoji 🚀 pair', ''];

function trailRows(): EventTrailRow[] {
  return awkward.map((text, i) => ({
    stream: `S${i % 2}`,
    seq: i + 1,
    eventId: `id-${text}`,
    type: 'OperatorNote',
    v: i,
    ts: 1_746_372_840_000 + i,
    tsInit: i % 2 === 0 ? null : -i,
    symbol: i % 3 === 0 ? null : text,
    source: text,
    causationId: i % 2 === 0 ? text : null,
    correlationId: text,
    data: { text, n: [0.1 + 0.2, -0, 1e-300, 5e-324, 1.7976931348623157e308, 2 ** 53 - 1], nested: { why: `${text}\\"` }, none: null },
  }));
}

function candleRows(): CandleRow[] {
  const doubles = [0.1 + 0.2, -0, 1e-300, 5e-324, 1.7976931348623157e308, -123456.789, 1827.2934567812345];
  return doubles.map((open, i) => ({ symbol: i % 2 === 0 ? 'BTCUSDT' : 'ÉTHUSDT', ts: -(2 ** 40) + i * 60_000, open, high: open * 2, low: -open, close: 1 / (i + 3), volume: i }));
}

describe('copyInsert (binary COPY) against Postgres', () => {
  it('stores what a parameterised INSERT of the same rows stores, byte for byte', async () => {
    const [copied, inserted] = [testNamespace(), testNamespace()];
    namespaces.push(copied, inserted);
    const [copiedSchema, insertedSchema] = [schemaNameFor(copied), schemaNameFor(inserted)];
    await migrateSchema(pool, copiedSchema);
    await migrateSchema(pool, insertedSchema);

    const client = await pool.connect();
    try {
      const tables = readModelTables(copiedSchema);
      expect(await copyInsert(client, tables.eventTrail, trailRows())).toBe(awkward.length);
      expect(await copyInsert(client, tables.candles, candleRows())).toBe(candleRows().length);
    } finally {
      client.release();
    }
    // The oracle: drizzle's INSERT, whose parameters go as text through a separate path.
    const db = drizzle(pool);
    const tables = readModelTables(insertedSchema);
    await db.insert(tables.eventTrail).values(trailRows());
    await db.insert(tables.candles).values(candleRows());

    const [a, b] = [await dumpSchema(pool, copiedSchema), await dumpSchema(pool, insertedSchema)];
    expect(a['event_trail']).toHaveLength(awkward.length);
    expectSameDump(a, b);
  });
});
