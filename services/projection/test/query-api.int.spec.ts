import { randomBytes } from 'node:crypto';
import { createPublisher, provisionNamespace, readStream, type Bus } from '@mast/bus';
import { streamName, type EventOf } from '@mast/contracts';
import { createMetrics } from '@mast/observability';
import { createProjector, migrate, readModel, snapshotKeys } from '@mast/read-model';
import { Pool } from 'pg';
import { z } from 'zod';
import { cleanUp as cleanUpBus, connectTestBus, waitFor } from '../../../packages/bus/test/nats-test-kit';
import { generateLog, type GeneratedLog } from '../../../packages/read-model/test/generated-log';
import { cleanUp, testNamespace, testPool, testRedis } from '../../../packages/read-model/test/services';
import { portfolioSchema, problemSchema, tradesPageSchema } from '../src/query-api/api-schemas';
import { createQueryApi, type QueryApi } from '../src/query-api/query-api';
import { createReadSource } from '../src/query-api/read-source';
import { API_PREFIX, ROUTES } from '../src/query-api/routes';

const pool = testPool();
const redis = testRedis();
const ns = testNamespace();
const token = randomBytes(18).toString('hex');
const logger = { warn: () => undefined, error: () => undefined };
let log: GeneratedLog;
let api: QueryApi;
let bus: Bus;
/** The log's tail, applied only once a browser is connected (the live test). */
let held: GeneratedLog['items'];
let projector: ReturnType<typeof createProjector>;

beforeAll(async () => {
  log = generateLog(ns, { days: 3 });
  // Hold back everything after the third-to-last trade's close, so the live test sees trades arrive.
  const closes = log.items.map((item, i) => (item.event.type === 'PositionClosed' && item.stream.endsWith('_EXEC') ? i : -1)).filter((i) => i >= 0);
  const cut = closes.at(-3)!;
  held = log.items.slice(cut);
  await migrate(pool, ns);
  await redis.ping();
  projector = createProjector({ pool, ns, redis });
  const applied = log.items.slice(0, cut);
  for (let i = 0; i < applied.length; i += 5000) await projector.applyBatch(applied.slice(i, i + 5000));
  bus = await connectTestBus('query-api-test');
  await provisionNamespace(bus.jsm, ns);
  api = await createQueryApi({
    source: createReadSource({ pool, ns, redis }),
    logger,
    metrics: createMetrics({ service: 'projection', defaultMetrics: false }),
    controls: { token, publisher: createPublisher(bus, { ns }) },
    liveIntervalMs: 100,
  });
}, 90_000);

afterAll(async () => {
  await api.close();
  await cleanUpBus(bus, ns);
  await bus.drain();
  await cleanUp(pool, [ns], redis);
  await pool.end();
  redis.disconnect();
});

const get = (url: string) => api.app.inject({ method: 'GET', url: `${API_PREFIX}${url}` });
const appliedTrades = () => log.trades.slice(0, log.trades.length - 3);

describe('query API over a real read model', () => {
  it('answers the portfolio from the Redis snapshot, and from Postgres alike when it is gone', async () => {
    const hot = await get('/portfolio');
    expect(hot.statusCode).toBe(200);
    expect(hot.headers['x-mast-source']).toBe('redis');
    const body = portfolioSchema.parse(hot.json());
    expect(body.trades).toBe(appliedTrades().length);
    expect(body.exposureRatio).toBe(body.equity! > 0 ? body.exposure! / body.equity! : null);

    const key = snapshotKeys.portfolio(ns);
    const saved = await redis.get(key);
    await redis.del(key);
    const cold = await get('/portfolio');
    await redis.set(key, saved!);
    expect(cold.headers['x-mast-source']).toBe('postgres');
    expect(cold.json()).toEqual(hot.json());
  });

  it('pages trades by cursor, filtered by symbol, reason and time', async () => {
    const items: unknown[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/trades?order=asc&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = tradesPageSchema.parse(res.json());
      expect(page.items.length).toBeLessThanOrEqual(7);
      items.push(...page.items.map(({ symbol, entryTs, exitTs, pnl, reason }) => ({ symbol, entryTs, exitTs, pnl, reason })));
      cursor = page.nextCursor;
    } while (cursor);
    expect(items).toEqual(appliedTrades().map(({ symbol, entryTs, exitTs, pnl, reason }) => ({ symbol, entryTs, exitTs, pnl, reason })));

    const sample = appliedTrades()[2]!;
    const filtered = tradesPageSchema.parse((await get(`/trades?symbol=${sample.symbol}&reason=${sample.reason}&from=${sample.exitTs}&to=${sample.exitTs + 1}`)).json());
    const expected = appliedTrades().filter((t) => t.symbol === sample.symbol && t.reason === sample.reason && t.exitTs === sample.exitTs);
    expect(filtered.items.map((t) => t.pnl)).toEqual(expected.map((t) => t.pnl));
    expect(expected.length).toBeGreaterThan(0);
  });

  it('gives P&L by day and by symbol that add up to the trades', async () => {
    const days = z.array(z.object({ day: z.string(), symbol: z.string(), trades: z.number(), pnl: z.number() })).parse((await get('/pnl/daily?symbol=*')).json());
    expect(days.reduce((s, d) => s + d.trades, 0)).toBe(appliedTrades().length);
    const bySymbol = z.array(z.object({ symbol: z.string(), trades: z.number() })).parse((await get('/pnl/symbols')).json());
    for (const row of bySymbol) expect(row.trades).toBe(appliedTrades().filter((t) => t.symbol === row.symbol).length);
  });

  it('explains an order: its trail holds the request and the fill, in causal order', async () => {
    const request = log.items.find((i) => i.event.type === 'OrderRequested')!.event as EventOf<'OrderRequested'>;
    const res = await get(`/trail/${request.correlationId}`);
    expect(res.statusCode).toBe(200);
    const types = (res.json() as { type: string; eventId: string }[]).map((e) => e.type);
    expect(types[0]).toBe('CandleClosed');
    expect(types).toContain('OrderRequested');
    expect(types.indexOf('OrderFilled')).toBeGreaterThan(types.indexOf('OrderRequested'));
  });

  it('names every bad parameter at once in a problem+json 400', async () => {
    const res = await get('/trades?limit=0&reason=NOPE&symbol=btc&bogus=1');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = problemSchema.parse(res.json());
    expect(problem.errors!.map((e) => e.path).sort()).toEqual(['query', 'query.limit', 'query.reason', 'query.symbol']);
    expect(problem.errors!.find((e) => e.path === 'query')!.message).toMatch(/bogus/);

    for (const [url, status] of [
      ['/trades?cursor=not-a-cursor', 400],
      ['/pnl/daily?from=2025-13-01', 400],
      ['/trail/no-such-event', 404],
      ['/assets/NOPEUSDT/series', 404],
      ['/no-such-thing', 404],
    ] as const) {
      const r = await get(url);
      expect({ url, status: r.statusCode, type: r.headers['content-type'] }).toEqual({ url, status, type: expect.stringMatching(/^application\/problem\+json/) });
      problemSchema.parse(r.json());
    }
  });

  it('documents every read route in OpenAPI, and every answer fits its documented schema', async () => {
    const doc = (await get('/openapi.json')).json() as { openapi: string; paths: Record<string, { get?: { parameters: { name: string }[] } }> };
    expect(doc.openapi).toBe('3.1.0');
    const symbol = log.items.find((i) => i.event.type === 'CandleClosed')!.event.symbol!;
    const correlationId = (log.items.find((i) => i.event.type === 'OrderRequested')!.event as EventOf<'OrderRequested'>).correlationId!;
    for (const route of ROUTES) {
      const documented = doc.paths[`${API_PREFIX}${route.path.replace(/:(\w+)/g, '{$1}')}`];
      expect(documented?.get).toBeDefined();
      const url = route.path.replace(':symbol', symbol).replace(':correlationId', correlationId);
      const res = await get(url);
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
      const parsed = route.response.safeParse(res.json());
      if (!parsed.success) throw new Error(`${url}: ${parsed.error.message}`);
    }
    expect(doc.paths[`${API_PREFIX}/trades`]!.get!.parameters.map((p) => p.name).sort()).toEqual(['cursor', 'from', 'limit', 'order', 'reason', 'symbol', 'to']);
    expect(Object.keys(doc.paths)).toContain(`${API_PREFIX}/controls/halt`);
  });

  it('mounts the operator controls behind the bearer token', async () => {
    const body = { issuedBy: 'ops', why: 'query api test' };
    const refused = await api.app.inject({ method: 'POST', url: `${API_PREFIX}/controls/halt`, payload: body });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const accepted = await api.app.inject({ method: 'POST', url: `${API_PREFIX}/controls/halt`, payload: body, headers: { authorization: `Bearer ${token}` } });
    expect(accepted.statusCode).toBe(202);
    const { eventId } = accepted.json() as { eventId: string };
    const types: string[] = [];
    for await (const { event } of readStream(bus, { stream: streamName(ns, 'ctl') })) if (event.id === eventId) types.push(event.type);
    expect(types).toEqual(['HaltRequested']);
  });

  it('reports health with the read model’s checkpoints, and 503 problems when Postgres is away', async () => {
    const health = (await get('/health')).json() as { status: string; readModel: { checkpoints: Record<string, number> } };
    expect(health.status).toBe('ok');
    expect(health.readModel.checkpoints[streamName(ns, 'md')]).toBe(await readModel(pool, ns).checkpoint(streamName(ns, 'md')));

    const deadPool = new Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres', connectionTimeoutMillis: 500 });
    const down = await createQueryApi({ source: createReadSource({ pool: deadPool, ns }), logger });
    try {
      const res = await down.app.inject({ method: 'GET', url: `${API_PREFIX}/trades` });
      expect(res.statusCode).toBe(503);
      expect(problemSchema.parse(res.json()).type).toBe('urn:mast:problem:read-model-unavailable');
      const h = await down.app.inject({ method: 'GET', url: `${API_PREFIX}/health` });
      expect(h.statusCode).toBe(503);
      expect((h.json() as { status: string }).status).toBe('down');
    } finally {
      await down.close();
      await deadPool.end();
    }
  });

  it('streams a snapshot, then the trades committed after it without asking again', async () => {
    const port = await api.listen(0, '127.0.0.1');
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}${API_PREFIX}/stream`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events: { event: string; data: { trades?: { eventId: string }[] } }[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body!) {
          buffer += decoder.decode(chunk as Uint8Array, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (event && data) events.push({ event, data: JSON.parse(data) });
          }
        }
      } catch {
        // aborted at the end of the test
      }
    })();
    await waitFor('the snapshot', () => events.length > 0, 20_000);
    expect(events[0]!.event).toBe('snapshot');
    expect(events[0]!.data.trades).toHaveLength(Math.min(50, appliedTrades().length));

    for (let i = 0; i < held.length; i += 2000) await projector.applyBatch(held.slice(i, i + 2000));
    const newest = await readModel(pool, ns).trades({ limit: 1 });
    await waitFor('an update with the newest trade', () => events.some((e) => e.event === 'update' && e.data.trades?.[0]?.eventId === newest.items[0]!.eventId), 20_000);
    controller.abort();
    await reading;
  });
});
