import { streamName } from '@mast/contracts';
import type { EventOf } from '@mast/contracts';
import { migrate } from '../src/migrate';
import { createProjector } from '../src/projector';
import { InvalidQueryError } from '../src/queries/query-errors';
import { PER_CANDLE_TYPES, readModelSeries } from '../src/queries/series-queries';
import type { SeriesQueries, StreamCursors } from '../src/queries/series-queries';
import { generateLog } from './generated-log';
import type { GeneratedLog } from './generated-log';
import { cleanUp, testNamespace, testPool } from './services';

const pool = testPool();
const ns = testNamespace();
let log: GeneratedLog;
let series: SeriesQueries;

beforeAll(async () => {
  log = generateLog(ns, { days: 2 });
  await migrate(pool, ns);
  const projector = createProjector({ pool, ns });
  for (let i = 0; i < log.items.length; i += 5000) await projector.applyBatch(log.items.slice(i, i + 5000));
  series = readModelSeries(pool, ns);
}, 60_000);

afterAll(async () => {
  await cleanUp(pool, [ns]);
  await pool.end();
});

const marks = () => log.items.map((i) => i.event).filter((e): e is EventOf<'PortfolioMarked'> => e.type === 'PortfolioMarked');

describe('dashboard series over the read model', () => {
  it('gives every mark when asked for more points than there are, in time order', async () => {
    const all = marks();
    // Several marks share a T (one per symbol): the last of each T is the point.
    const lastPerT = new Map<number, EventOf<'PortfolioMarked'>>();
    for (const m of all) lastPerT.set(m.ts, m);
    const curve = await series.equityCurve({ points: 5000 });
    expect(curve.length).toBe(Math.min(5000, lastPerT.size));
    const first = [...lastPerT.values()][0]!;
    expect(curve[0]).toEqual({ t: first.ts, equity: first.data.equity, drawdown: first.data.drawdown, balance: first.data.balance, exposure: first.data.exposure });
    for (let i = 1; i < curve.length; i++) expect(curve[i]!.t).toBeGreaterThan(curve[i - 1]!.t);
  });

  it('downsamples to at most the points asked, keeping the last mark', async () => {
    const curve = await series.equityCurve({ points: 50 });
    expect(curve.length).toBeLessThanOrEqual(50);
    expect(curve.length).toBeGreaterThan(40);
    expect(curve.at(-1)!.equity).toBe(marks().at(-1)!.data.equity);
  });

  it('gives a symbol’s closes and EMAs from its assessed candles, within the range', async () => {
    const assessed = log.items.map((i) => i.event).filter((e): e is EventOf<'CandleAssessed'> => e.type === 'CandleAssessed' && e.data.symbol === 'ETHUSDT');
    const from = assessed[100]!.ts;
    const to = assessed[200]!.ts;
    const points = await series.assetSeries('ETHUSDT', { from, to, points: 1000 });
    expect(points.map((p) => p.t)).toEqual(assessed.slice(100, 200).map((e) => e.ts));
    expect(points[5]).toEqual({ t: assessed[105]!.ts, close: assessed[105]!.data.candle.close, emaFast: assessed[105]!.data.indicators.emaFast, emaSlow: assessed[105]!.data.indicators.emaSlow });
    expect(await series.assetSeries('NOPEUSDT')).toEqual([]);
  });

  it('lists the newest non-candle events in the feed', async () => {
    const feed = await series.feed({ limit: 20 });
    expect(feed).toHaveLength(20);
    for (const entry of feed) expect(PER_CANDLE_TYPES as readonly string[]).not.toContain(entry.type);
    const newest = log.items.filter((i) => !(PER_CANDLE_TYPES as readonly string[]).includes(i.event.type)).map((i) => i.event.ts);
    expect(feed[0]!.ts).toBe(Math.max(...newest));
    for (let i = 1; i < feed.length; i++) expect(feed[i]!.ts).toBeLessThanOrEqual(feed[i - 1]!.ts);
  });

  it('totals P&L per symbol as the trades do', async () => {
    const bySymbol = await series.pnlBySymbol();
    for (const row of bySymbol) {
      const trades = log.trades.filter((t) => t.symbol === row.symbol);
      expect(row.trades).toBe(trades.length);
      expect(row.wins).toBe(trades.filter((t) => t.pnl > 0).length);
      expect(row.pnl).toBeCloseTo(trades.reduce((s, t) => s + t.pnl, 0), 6);
    }
    expect(bySymbol.reduce((s, r) => s + r.trades, 0)).toBe(log.trades.length);
  });

  it('gives the latest closes of every symbol for correlations', async () => {
    const closes = await series.recentCloses(60);
    expect(closes.map((c) => c.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    const lastEth = log.items.map((i) => i.event).filter((e): e is EventOf<'CandleClosed'> => e.type === 'CandleClosed' && e.data.symbol === 'ETHUSDT');
    const eth = closes[1]!;
    expect(eth.ts).toHaveLength(60);
    expect(eth.close).toEqual(lastEth.slice(-60).map((e) => e.data.close));
  });

  it('reads the trail incrementally from cursors, every row once', async () => {
    const heads = await series.trailHeads();
    const risk = streamName(ns, 'risk');
    expect(heads[risk]).toBe(log.items.filter((i) => i.stream === risk).length);
    let cursors: StreamCursors = {};
    const seen: string[] = [];
    for (let round = 0; round < 1000; round++) {
      const changes = await series.trailSince(cursors, { limit: 3000 });
      seen.push(...changes.rows.map((r) => `${r.stream}/${r.seq}`));
      cursors = changes.cursors;
      if (!changes.more) break;
    }
    // The dead-letter stream is not part of the live feed.
    const expected = log.items.filter((i) => !i.stream.endsWith('_DLQ')).map((i) => `${i.stream}/${i.seq}`);
    expect(seen.sort()).toEqual(expected.sort());
    // A stream without rows (no control events here) has head 0 and no cursor.
    expect(cursors).toEqual(Object.fromEntries(Object.entries(heads).filter(([, seq]) => seq > 0)));
    expect((await series.trailSince(cursors)).rows).toEqual([]);
  });

  it('refuses bad ranges and limits', async () => {
    await expect(series.equityCurve({ points: 1 })).rejects.toThrow(InvalidQueryError);
    await expect(series.equityCurve({ from: 10, to: 5 })).rejects.toThrow(/from must be before to/);
    await expect(series.recentCloses(1)).rejects.toThrow(/minutes must be/);
    await expect(series.feed({ limit: 0 })).rejects.toThrow(/limit must be/);
  });
});
