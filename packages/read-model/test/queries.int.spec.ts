import { streamForEvent } from '@mast/contracts';
import type { Trade } from '@mast/core';
import { migrate } from '../src/migrate';
import { dayString, decisionDay } from '../src/projection/days';
import { createProjector } from '../src/projector';
import { InvalidQueryError } from '../src/queries/query-errors';
import { readModel } from '../src/queries/read-model';
import type { ReadModel, TradesQuery } from '../src/queries/read-model';
import { InvalidCursorError } from '../src/queries/trade-cursor';
import { PORTFOLIO_KEY } from '../src/schema/daily-performance';
import type { TradeView } from '../src/views';
import { liveBatches } from './delivery';
import { generateLog } from './generated-log';
import type { GeneratedLog } from './generated-log';
import { cleanUp, testNamespace, testPool } from './services';

const pool = testPool();
const ns = testNamespace();
let log: GeneratedLog;
let model: ReadModel;

beforeAll(async () => {
  log = generateLog(ns, { days: 3 });
  await migrate(pool, ns);
  const projector = createProjector({ pool, ns });
  for (const batch of liveBatches(log.items, { seed: 7, maxChunk: 500, redeliverEvery: 4 })) await projector.applyBatch(batch);
  model = readModel(pool, ns);
}, 60_000);

afterAll(async () => {
  await cleanUp(pool, [ns]);
  await pool.end();
});

const asTrade = (t: TradeView): Trade => ({ symbol: t.symbol, entryTs: t.entryTs, entryPrice: t.entryPrice, exitTs: t.exitTs, exitPrice: t.exitPrice, qty: t.qty, reason: t.reason as Trade['reason'], fees: t.fees, pnl: t.pnl });

async function allPages(query: TradesQuery): Promise<TradeView[]> {
  const items: TradeView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const result = await model.trades({ ...query, cursor });
    items.push(...result.items);
    if (result.items.length > (query.limit ?? 100)) throw new Error('page longer than its limit');
    cursor = result.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error('paging did not end');
}

describe('the read model of a generated log', () => {
  it('holds exactly the trades the core made, in close order', async () => {
    expect(log.trades.length).toBeGreaterThan(8);
    const { items } = await model.trades({ order: 'asc', limit: 1000 });
    expect(items.map(asTrade)).toEqual(log.trades);
  });

  it('sums each day and symbol in close order', async () => {
    const expected = new Map<string, { trades: number; wins: number; pnl: number; fees: number }>();
    for (const t of log.trades) {
      for (const key of [`${dayString(decisionDay(t.exitTs))}|${t.symbol}`, `${dayString(decisionDay(t.exitTs))}|${PORTFOLIO_KEY}`]) {
        const row = expected.get(key) ?? { trades: 0, wins: 0, pnl: 0, fees: 0 };
        expected.set(key, { trades: row.trades + 1, wins: row.wins + (t.pnl > 0 ? 1 : 0), pnl: row.pnl + t.pnl, fees: row.fees + t.fees });
      }
    }
    const rows = await model.dailyPnl({ from: '2000-01-01', to: '2100-01-01' });
    const withTrades = rows.filter((r) => r.trades > 0);
    expect(new Map(withTrades.map((r) => [`${r.day}|${r.symbol}`, { trades: r.trades, wins: r.wins, pnl: r.pnl, fees: r.fees }]))).toEqual(expected);
    // Every day of marks has a portfolio row with its closing equity and max drawdown.
    const marks = log.items.flatMap((i) => (i.event.type === 'PortfolioMarked' ? [i.event.data] : []));
    for (const row of rows.filter((r) => r.symbol === PORTFOLIO_KEY)) {
      const ofDay = marks.filter((m) => dayString(decisionDay(m.T)) === row.day);
      expect(row.equityLast).toBe(ofDay[ofDay.length - 1]!.equity);
      expect(row.drawdownMax).toBe(Math.max(...ofDay.map((m) => m.drawdown)));
    }
  });

  it('pages through trades in both orders, with filters, without gaps or repeats', async () => {
    const all = log.trades;
    expect((await allPages({ order: 'asc', limit: 4 })).map(asTrade)).toEqual(all);
    expect((await allPages({ limit: 3 })).map(asTrade)).toEqual([...all].reverse());

    const symbol = all[0]!.symbol;
    expect((await allPages({ symbol, order: 'asc', limit: 2 })).map(asTrade)).toEqual(all.filter((t) => t.symbol === symbol));
    const reason = all[all.length - 1]!.reason;
    expect((await allPages({ reason, limit: 2 })).map(asTrade)).toEqual(all.filter((t) => t.reason === reason).reverse());
    const from = all[2]!.exitTs;
    const to = all[all.length - 2]!.exitTs;
    expect((await allPages({ from, to, order: 'asc', limit: 5 })).map(asTrade)).toEqual(all.filter((t) => t.exitTs >= from && t.exitTs < to));
  });

  it('refuses a cursor it did not make and a limit out of range', async () => {
    await expect(model.trades({ cursor: 'bm90LWEtY3Vyc29y' })).rejects.toThrow(InvalidCursorError);
    await expect(model.trades({ limit: 0 })).rejects.toThrow(InvalidQueryError);
    await expect(model.dailyPnl({ from: '2025-02-30', to: '2025-03-01' })).rejects.toThrow(InvalidQueryError);
  });

  it('answers "why was this order placed" from the trail of the candle that decided', async () => {
    const opened = log.items.find((i) => i.event.type === 'PositionOpened')!.event;
    const trail = await model.trail(opened.correlationId!);
    const expected = log.items.filter((i) => i.event.id === opened.correlationId || i.event.correlationId === opened.correlationId);
    expect(trail.map((e) => e.eventId).sort()).toEqual(expected.map((i) => i.event.id).sort());
    const types = trail.map((e) => e.type);
    expect(types[0]).toBe('CandleClosed');
    expect(types).toEqual(expect.arrayContaining(['CandleAssessed', 'EntrySignalled', 'OrderRequested', 'OrderAccepted', 'OrderFilled', 'PositionOpened', 'BalanceChanged']));
    const request = trail.find((e) => e.type === 'OrderRequested')!;
    expect(request.data).toEqual(log.items.find((i) => i.event.id === request.eventId)!.event.data);
    expect(await model.trail('no-such-correlation')).toEqual([]);
  });

  it('reports each stream\'s checkpoint as its last sequence', async () => {
    for (const type of ['CandleClosed', 'CandleAssessed', 'PortfolioMarked', 'PositionClosed'] as const) {
      const stream = streamForEvent(ns, type);
      expect(await model.checkpoint(stream)).toBe(log.items.filter((i) => i.stream === stream).length);
    }
    expect(await model.checkpoint('NO_SUCH_STREAM')).toBe(0);
    expect(await model.checkpoint(streamForEvent(ns, 'CandleClosed'), 'another-consumer')).toBe(0);
  });

  it('has one candle row per candle and the last price per asset', async () => {
    const candles = log.items.flatMap((i) => (i.event.type === 'CandleClosed' ? [i.event.data] : []));
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${model.schemaName}.candles`);
    expect(Number(rows[0]!.n)).toBe(candles.length);
    for (const asset of await model.assets()) {
      const last = candles.filter((c) => c.symbol === asset.symbol).pop()!;
      expect([asset.lastCandleTs, asset.lastPrice]).toEqual([last.ts, last.close]);
    }
  });
});
