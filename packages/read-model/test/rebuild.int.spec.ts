import { makeEvent } from '@mast/contracts';
import type { EventOf, MastEvent } from '@mast/contracts';
import type { PoolClient } from 'pg';
import { CopyValueError } from '../src/projection/copy-writer';
import type { ProjectionItem } from '../src/projection/projection-item';
import { migrate } from '../src/migrate';
import { createProjector } from '../src/projector';
import { readModel } from '../src/queries/read-model';
import { rebuild } from '../src/rebuild';
import { RebuildBehindLiveError, RebuildInProgressError } from '../src/rebuild-errors';
import { schemaNameFor, workSchemaPattern } from '../src/schema-names';
import { liveBatches } from './delivery';
import { generateLog } from './generated-log';
import type { GeneratedLog } from './generated-log';
import { cleanUp, dumpSchema, expectSameDump, testNamespace, testPool } from './services';

const pool = testPool();
const namespaces: string[] = [];
let log: GeneratedLog;
let ns: string;

async function schemasOf(name: string): Promise<string[]> {
  const { rows } = await pool.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 ORDER BY nspname', [`${schemaNameFor(name)}%`]);
  return rows.map((r) => r.nspname);
}

/**
 * The log with a candle taken out of the middle and published late (a backfill), and two candles
 * published again with other prices (a re-publish after the duplicate window), at the end of the
 * market-data stream, which is numbered afresh.
 */
function withLateCandles(items: readonly ProjectionItem[]): ProjectionItem[] {
  const candles = items.filter((i) => i.event.type === 'CandleClosed');
  const late = candles[Math.floor(candles.length / 2)]!;
  const repeats = [candles[3]!, candles[candles.length - 5]!].map((i) => {
    const event = i.event as EventOf<'CandleClosed'>;
    const close = event.data.close * 1.01;
    return { ...i, event: makeEvent('CandleClosed', { ts: event.ts, source: 'market-data', data: { ...event.data, close, high: Math.max(event.data.high, close) } }) };
  });
  const reordered = [...items.filter((i) => i !== late), late, ...repeats];
  let seq = 0;
  return reordered.map((i) => (i.stream === late.stream ? { ...i, seq: ++seq } : i));
}

async function* slowly<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

beforeAll(async () => {
  ns = testNamespace();
  namespaces.push(ns);
  log = generateLog(ns, { days: 3, skipMinutes: 4 * 1440 });
  await migrate(pool, ns);
  const projector = createProjector({ pool, ns });
  for (const batch of liveBatches(log.items, { seed: 11, maxChunk: 300, redeliverEvery: 3 })) await projector.applyBatch(batch);
}, 60_000);

afterAll(async () => {
  await cleanUp(pool, namespaces);
  await pool.end();
});

describe('rebuild', () => {
  it('rebuilds from the log into a fresh schema and swaps it in, identical to the live projection', async () => {
    const live = await dumpSchema(pool, schemaNameFor(ns));
    expect(live['trades']!.length).toBe(log.trades.length);
    const result = await rebuild({ pool, ns, events: slowly(log.items), batchSize: 5000 });
    expect(result).toMatchObject({ schemaName: schemaNameFor(ns), events: log.items.length, batches: Math.ceil(log.items.length / 5000) });
    expectSameDump(await dumpSchema(pool, schemaNameFor(ns)), live);
    expect(await schemasOf(ns)).toEqual([schemaNameFor(ns)]);
    // The rebuilt schema carries on as the live one: the next batch is skipped as already applied.
    const again = await createProjector({ pool, ns }).applyBatch(log.items.slice(-10));
    expect(again.skipped).toBe(10);
  });

  it('keeps the first of a repeated candle and takes a late new one, as live does', async () => {
    const other = testNamespace();
    namespaces.push(other);
    const items = withLateCandles(log.items.slice(0, 4000)).map((item) => ({ ...item, stream: item.stream.replace(ns.toUpperCase(), other.toUpperCase()) }));
    await migrate(pool, other);
    const projector = createProjector({ pool, ns: other });
    for (const batch of liveBatches(items, { seed: 5, maxChunk: 200 })) await projector.applyBatch(batch);
    const live = await dumpSchema(pool, schemaNameFor(other));
    await rebuild({ pool, ns: other, events: items, batchSize: 700 });
    expectSameDump(await dumpSchema(pool, schemaNameFor(other)), live);
    const candles = items.flatMap((i) => (i.event.type === 'CandleClosed' ? [i.event.data] : []));
    const firstOfEach = new Map<string, (typeof candles)[number]>();
    for (const c of candles) if (!firstOfEach.has(`${c.symbol}|${c.ts}`)) firstOfEach.set(`${c.symbol}|${c.ts}`, c);
    const { rows } = await pool.query<{ symbol: string; ts: string; close: number }>(`SELECT symbol, ts, close FROM ${schemaNameFor(other)}.candles`);
    expect(rows).toHaveLength(firstOfEach.size);
    for (const row of rows) expect(row.close).toBe(firstOfEach.get(`${row.symbol}|${row.ts}`)!.close);
  });

  it('builds a namespace that has no read model yet', async () => {
    const fresh = testNamespace();
    namespaces.push(fresh);
    const items = log.items.slice(0, 3000).map((item) => ({ ...item, stream: item.stream.replace(ns.toUpperCase(), fresh.toUpperCase()) }));
    await rebuild({ pool, ns: fresh, events: items, batchSize: 1000 });
    const model = readModel(pool, fresh);
    expect(await model.checkpoint(items[0]!.stream)).toBe(items.filter((i) => i.stream === items[0]!.stream).length);
    expect(await schemasOf(fresh)).toEqual([schemaNameFor(fresh)]);
  });

  it.each([
    { missing: 9000, path: 'in batches, then under the lock' },
    { missing: 40, path: 'under the lock in the swap' },
  ])('catches up with a live projector that kept going ($missing events, $path)', async ({ missing }) => {
    const live = await dumpSchema(pool, schemaNameFor(ns));
    const asked: number[] = [];
    const catchUp = (after: ReadonlyMap<string, number>) => {
      const items = log.items.filter((i) => after.has(i.stream) && i.seq > after.get(i.stream)!);
      asked.push(items.length);
      return items;
    };
    const result = await rebuild({ pool, ns, events: log.items.slice(0, log.items.length - missing), batchSize: 2000, catchUp });
    expect(result.caughtUp).toBe(missing);
    expect(asked.reduce((a, b) => a + b, 0)).toBe(missing);
    expect(result.events).toBe(log.items.length);
    // A gap over one batch is closed in batches of its own; a smaller one in the swap's transaction.
    const logBatches = Math.ceil((log.items.length - missing) / 2000);
    expect(result.batches).toBe(missing > 2000 ? logBatches + Math.ceil(missing / 2000) : logBatches);
    expectSameDump(await dumpSchema(pool, schemaNameFor(ns)), live);
  });

  it('refuses to swap in a rebuild that is behind the live checkpoints, and leaves live as it was', async () => {
    const live = await dumpSchema(pool, schemaNameFor(ns));
    await expect(rebuild({ pool, ns, events: log.items.slice(0, log.items.length - 50), batchSize: 4000 })).rejects.toThrow(RebuildBehindLiveError);
    expectSameDump(await dumpSchema(pool, schemaNameFor(ns)), live);
    expect(await schemasOf(ns)).toEqual([schemaNameFor(ns)]);
  });

  it('finds only its own namespace\'s work schemas', async () => {
    const pattern = workSchemaPattern('live');
    const { rows } = await pool.query<{ name: string; matches: boolean }>(
      `SELECT name, name LIKE $1 AS matches FROM unnest($2::text[]) AS name`,
      [pattern, ['mast_live__rebuild_1', 'mast_live__old_3', 'mast_live', 'mast_livex__rebuild_1', 'mast_live_x__rebuild_1', 'mast_a_live__rebuild_1']],
    );
    expect(Object.fromEntries(rows.map((r) => [r.name, r.matches]))).toEqual({
      mast_live__rebuild_1: true,
      mast_live__old_3: true,
      mast_live: false,
      mast_livex__rebuild_1: false,
      mast_live_x__rebuild_1: false,
      mast_a_live__rebuild_1: false,
    });
  });

  it('refuses to run beside another rebuild of the same namespace', async () => {
    const holder: PoolClient = await pool.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`mast-rebuild:${schemaNameFor(ns)}`]);
      await expect(rebuild({ pool, ns, events: log.items })).rejects.toThrow(RebuildInProgressError);
      await holder.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`mast-rebuild:${schemaNameFor(ns)}`]);
    } finally {
      holder.release();
    }
  });

  it('drops its schema when the log fails part way', async () => {
    const live = await dumpSchema(pool, schemaNameFor(ns));
    async function* failing() {
      yield* log.items.slice(0, 6000);
      throw new Error('stream read failed');
    }
    await expect(rebuild({ pool, ns, events: failing(), batchSize: 2000 })).rejects.toThrow('stream read failed');
    expect(await schemasOf(ns)).toEqual([schemaNameFor(ns)]);
    expectSameDump(await dumpSchema(pool, schemaNameFor(ns)), live);
  });

  // A batch's trail goes to Postgres while the batch is folded: a row that cannot be encoded stops
  // the COPY from this side, one that Postgres refuses (a NUL in text) stops it from the other.
  it.each([
    { side: 'encoding', spoil: (event: MastEvent): MastEvent => ({ ...event, v: 2 ** 31 }), error: CopyValueError },
    { side: 'Postgres', spoil: (event: MastEvent): MastEvent => ({ ...event, source: 'market\u0000data' }), error: /0x00/ },
  ])('drops its schema when a row fails in the middle of a batch ($side)', async ({ spoil, error }) => {
    const live = await dumpSchema(pool, schemaNameFor(ns));
    const items = log.items.slice(0, 6000).map((item, i) => (i === 3100 ? { ...item, event: spoil(item.event) } : item));
    await expect(rebuild({ pool, ns, events: slowly(items), batchSize: 2000 })).rejects.toThrow(error);
    expect(await schemasOf(ns)).toEqual([schemaNameFor(ns)]);
    expectSameDump(await dumpSchema(pool, schemaNameFor(ns)), live);
  });
});
