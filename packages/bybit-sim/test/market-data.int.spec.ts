import { startSimulator, type Simulator } from '../src/index';
import { candles, publicGet, T0 } from './helpers';

type Row = [string, string, string, string, string, string, string];
const ROWS: [number, number, number, number, number][] = [
  [100_000, 100_100, 99_900, 100_050, 10],
  [100_050, 100_200, 100_000, 100_150.5, 11],
  [100_150.5, 100_160, 99_950, 100_000, 9],
  [100_000, 100_300, 99_800, 100_100, 12], // played: low is nearer the open, so the path is 100000, 99800, 100300, 100100
  [100_100, 100_150, 100_050, 100_120, 5],
];
const series = candles(T0, ROWS);

describe('market data REST', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startSimulator({ market: { candles: { BTCUSDT: series }, speed: 'manual', from: T0 + 3 * 60_000 } });
  });
  afterEach(() => sim.close());

  it('lists linear instruments with the fields ccxt requires, and nothing for PreLaunch', async () => {
    const res = await publicGet<{ category: string; nextPageCursor: string; list: Record<string, unknown>[] }>(sim.url, '/v5/market/instruments-info', 'category=linear&limit=1000');
    expect(res.body.retCode).toBe(0);
    expect(res.body.result.category).toBe('linear');
    expect(res.body.result.nextPageCursor).toBe('');
    expect(res.body.result.list.map((i) => i['symbol'])).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    expect(res.body.result.list[0]).toMatchObject({
      symbol: 'BTCUSDT', contractType: 'LinearPerpetual', status: 'Trading', baseCoin: 'BTC', quoteCoin: 'USDT',
      settleCoin: 'USDT', deliveryTime: '0', priceScale: '2', fundingInterval: 480,
      leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' },
      priceFilter: { minPrice: '0.10', maxPrice: expect.any(String), tickSize: '0.10' },
      lotSizeFilter: { minOrderQty: '0.001', maxOrderQty: '1190', maxMktOrderQty: '119', qtyStep: '0.001', minNotionalValue: '5' },
      launchTime: expect.stringMatching(/^\d+$/),
    });
    const sol = res.body.result.list[2]!;
    expect(sol['priceScale']).toBe('3');
    expect(sol['lotSizeFilter']).toMatchObject({ qtyStep: '0.1', minOrderQty: '0.1' });

    const pre = await publicGet<{ list: unknown[]; category: string }>(sim.url, '/v5/market/instruments-info', 'category=linear&limit=1000&status=PreLaunch');
    expect(pre.body.result).toMatchObject({ category: 'linear', list: [] });
    const spot = await publicGet<{ list: unknown[]; category: string }>(sim.url, '/v5/market/instruments-info', 'category=spot&limit=1000');
    expect(spot.body.result).toMatchObject({ category: 'spot', list: [] });
  });

  it('serves klines newest first: the latest by default, from start when given, up to end when given', async () => {
    const get = async (q: string) => (await publicGet<{ list: Row[]; symbol: string; category: string }>(sim.url, '/v5/market/kline', q)).body;
    const latest = await get('symbol=BTCUSDT&interval=1&category=linear');
    expect(latest.retCode).toBe(0);
    expect(latest.result).toMatchObject({ category: 'linear', symbol: 'BTCUSDT' });
    // Only the three history candles are complete; nothing is forming between steps.
    expect(latest.result.list.map((r) => Number(r[0]))).toEqual([T0 + 120_000, T0 + 60_000, T0]);
    const [open, high, low, close, volume] = ROWS[1]!;
    expect(latest.result.list[1]!.slice(0, 6)).toEqual([String(T0 + 60_000), String(open), String(high), String(low), String(close), String(volume)]);
    expect(Number(latest.result.list[1]![6])).toBeGreaterThan(0);

    const fromStart = await get(`symbol=BTCUSDT&start=${T0 + 60_000}&limit=1&interval=1&category=linear`);
    expect(fromStart.result.list.map((r) => Number(r[0]))).toEqual([T0 + 60_000]);
    const untilEnd = await get(`symbol=BTCUSDT&end=${T0 + 60_000}&interval=1&category=linear`);
    expect(untilEnd.result.list.map((r) => Number(r[0]))).toEqual([T0 + 60_000, T0]);
    const limited = await get('symbol=BTCUSDT&limit=2&interval=1&category=linear');
    expect(limited.result.list.map((r) => Number(r[0]))).toEqual([T0 + 120_000, T0 + 60_000]);
  });

  it('includes the forming candle, whose close is the last price', async () => {
    const forming = async () => (await publicGet<{ list: Row[] }>(sim.url, '/v5/market/kline', 'symbol=BTCUSDT&interval=1&category=linear&limit=1')).body.result.list[0]!;
    const [open, high, low, close, volume] = ROWS[3]!;
    await sim.tick(); // the open
    expect(sim.currentPrice('BTCUSDT')).toBe(open);
    expect((await forming()).slice(0, 5)).toEqual([String(T0 + 180_000), String(open), String(open), String(open), String(open)]);
    await sim.tick(); // the low, nearer the open
    expect(sim.currentPrice('BTCUSDT')).toBe(low);
    expect((await forming()).slice(1, 5)).toEqual([String(open), String(open), String(low), String(low)]);
    await sim.tick(); // the high
    await sim.tick(); // the close
    const beforeConfirm = await forming();
    expect(beforeConfirm.slice(1, 5)).toEqual([String(open), String(high), String(low), String(close)]);
    expect(Number(beforeConfirm[5])).toBeCloseTo(volume, 9);
    await sim.tick(); // the confirm
    const after = await forming();
    expect(after.slice(0, 6)).toEqual([String(T0 + 180_000), String(open), String(high), String(low), String(close), String(volume)]);
  });

  it('rejects what the simulator does not serve with 10001', async () => {
    const interval5 = await publicGet(sim.url, '/v5/market/kline', 'symbol=BTCUSDT&interval=5&category=linear');
    expect(interval5.body.retCode).toBe(10001);
    const unknown = await publicGet(sim.url, '/v5/market/kline', 'symbol=DOGEUSDT&interval=1&category=linear');
    expect(unknown.body).toMatchObject({ retCode: 10001, retMsg: 'Not supported symbols' });
  });

  it('answers market/time with the server clock and tickers with the last price', async () => {
    const before = Date.now();
    const time = await publicGet<{ timeSecond: string; timeNano: string }>(sim.url, '/v5/market/time');
    expect(time.body.time).toBeGreaterThanOrEqual(before);
    expect(Number(time.body.result.timeSecond)).toBe(Math.floor(time.body.time / 1000));
    const tickers = await publicGet<{ list: Record<string, string>[] }>(sim.url, '/v5/market/tickers', 'category=linear&symbol=BTCUSDT');
    expect(tickers.body.result.list).toHaveLength(1);
    expect(Number(tickers.body.result.list[0]!['lastPrice'])).toBe(ROWS[2]![3]);
    expect(Number(tickers.body.result.list[0]!['highPrice24h'])).toBe(Math.max(...ROWS.slice(0, 3).map((r) => r[1])));
  });
});
