import { startSimulator, type Simulator } from '../src/index';
import { candles, signedGet, signedPost, T0, type Creds } from './helpers';

const FEE = 0.00055;
const trader: Creds = { apiKey: 'trader', secret: 'trader-secret' };
const poor: Creds = { apiKey: 'poor', secret: 'poor-secret' };
const POOR_BALANCE = 50;

// c0 is history (price 100000 when trading starts). c1: the high (200 away) is nearer the open than
// the low (1500 away), so its path is 100000 -> 100200 -> 98500 -> 98800. c3 gaps up to 101500.
const BTC = candles(T0, [
  [100_000, 100_100, 99_900, 100_000, 10],
  [100_000, 100_200, 98_500, 98_800, 10],
  [98_800, 99_000, 98_700, 98_900, 10],
  [101_500, 101_600, 101_400, 101_500, 10],
]);
const FROM = T0 + 60_000;

type Json = Record<string, unknown>;
type List = { list: Json[]; nextPageCursor: string; category: string };

describe('trading over REST', () => {
  let sim: Simulator;
  const post = (path: string, body: Json, who: Creds = trader) => signedPost(sim.url, who, path, body);
  const get = <R = List>(path: string, query: string, who: Creds = trader) => signedGet<R>(sim.url, who, path, query);
  const order = (extra: Json, who: Creds = trader) =>
    post('/v5/order/create', { category: 'linear', symbol: 'BTCUSDT', orderType: 'Market', ...extra }, who);
  const position = async (who: Creds = trader) =>
    (await get('/v5/position/list', 'symbol=BTCUSDT&limit=200&category=linear', who)).body.result.list[0]!;
  const coin = async (who: Creds = trader) => {
    const res = await get<{ list: { coin: Json[]; totalEquity: string; totalAvailableBalance: string }[] }>('/v5/account/wallet-balance', 'accountType=UNIFIED', who);
    return { ...res.body.result.list[0]!, usdt: res.body.result.list[0]!.coin[0]! };
  };

  beforeEach(async () => {
    sim = await startSimulator({
      accounts: [{ ...trader }, { ...poor, balanceUsdt: POOR_BALANCE }],
      market: { candles: { BTCUSDT: BTC }, speed: 'manual', from: FROM },
    });
  });
  afterEach(() => sim.close());

  it('fills a market short at the current price with the taker fee, then closes it at the TP level on the path', async () => {
    const entry = sim.currentPrice('BTCUSDT');
    const qty = 0.01;
    const created = await order({ side: 'Sell', qty: '0.01', orderLinkId: 'short-1', positionIdx: 0 });
    expect(created.body).toMatchObject({ retCode: 0, result: { orderId: expect.any(String), orderLinkId: 'short-1' } });

    const entryFee = qty * entry * FEE;
    const pos = await position();
    expect(pos).toMatchObject({ positionIdx: 0, symbol: 'BTCUSDT', side: 'Sell', size: '0.01', avgPrice: String(entry), leverage: '10', unrealisedPnl: '0' });
    expect(Number(pos['positionIM'])).toBeCloseTo((qty * entry) / 10, 8);
    expect(Number(pos['cumRealisedPnl'])).toBeCloseTo(-entryFee, 8);
    const afterEntry = await coin();
    expect(Number(afterEntry.usdt['walletBalance'])).toBeCloseTo(10_000 - entryFee, 8);
    expect(Number(afterEntry.usdt['totalPositionIM'])).toBeCloseTo((qty * entry) / 10, 8);
    expect(afterEntry.usdt['availableToWithdraw']).toBe('');

    const tp = 99_000;
    const sl = 101_000;
    const stop = { category: 'linear', symbol: 'BTCUSDT', takeProfit: String(tp), stopLoss: String(sl), tpslMode: 'Full', positionIdx: 0 };
    expect((await post('/v5/position/trading-stop', stop)).body.retCode).toBe(0);
    expect((await post('/v5/position/trading-stop', stop)).body.retCode).toBe(34040);
    expect(await position()).toMatchObject({ takeProfit: String(tp), stopLoss: String(sl) });

    await sim.step(); // 100000 -> 100200 (below the SL) -> 98500 (crosses the TP at 99000)
    const flat = await position();
    expect(flat).toMatchObject({ side: '', size: '0' });
    const exitFee = qty * tp * FEE;
    const pnl = (entry - tp) * qty;
    const afterExit = await coin();
    expect(Number(afterExit.usdt['walletBalance'])).toBeCloseTo(10_000 - entryFee + pnl - exitFee, 8);
    expect(Number(afterExit.usdt['cumRealisedPnl'])).toBeCloseTo(pnl - entryFee - exitFee, 8);
    expect(Number(afterExit.totalEquity)).toBeCloseTo(10_000 - entryFee + pnl - exitFee, 8);

    const execs = (await get('/v5/execution/list', 'execType=Trade&symbol=BTCUSDT&category=linear')).body.result.list;
    expect(execs).toHaveLength(2);
    expect(execs[0]).toMatchObject({ side: 'Buy', execPrice: String(tp), execQty: '0.01', closedSize: '0.01', createType: 'CreateByTakeProfit', stopOrderType: 'TakeProfit', feeCurrency: 'USDT', isMaker: false, execType: 'Trade' });
    expect(Number(execs[0]!['execFee'])).toBeCloseTo(exitFee, 8);
    expect(execs[1]).toMatchObject({ side: 'Sell', execPrice: String(entry), orderLinkId: 'short-1', closedSize: '0', feeRate: String(FEE) });

    const history = (await get('/v5/order/history', 'symbol=BTCUSDT&category=linear&orderStatus=Filled')).body.result.list;
    expect(history.map((o) => o['stopOrderType'])).toEqual(['TakeProfit', '']);
    expect(history[0]).toMatchObject({ orderStatus: 'Filled', reduceOnly: true, closeOnTrigger: true, orderType: 'Market', avgPrice: String(tp), tpslMode: 'Full', positionIdx: 0 });
    expect(history[1]).toMatchObject({ orderLinkId: 'short-1', price: '0', qty: '0.01', cumExecQty: '0.01', leavesQty: '0', timeInForce: 'IOC', rejectReason: 'EC_NoError' });
    expect(Number((history[1]!['cumFeeDetail'] as Json)['USDT'])).toBeCloseTo(entryFee, 8);

    // order/realtime lists open orders only, but finds a closed one by id.
    expect((await get('/v5/order/realtime', 'symbol=BTCUSDT&category=linear')).body.result.list).toEqual([]);
    const byLink = (await get('/v5/order/realtime', 'symbol=BTCUSDT&orderLinkId=short-1&category=linear')).body.result.list;
    expect(byLink).toHaveLength(1);
    expect(byLink[0]).toMatchObject({ orderId: (created.body.result as Json)['orderId'], orderStatus: 'Filled' });
  });

  it('closes at the SL level when the path crosses it inside a candle', async () => {
    const entry = sim.currentPrice('BTCUSDT');
    const sl = 100_100; // c1 rises to 100200 first
    const res = await order({ side: 'Sell', qty: '0.002', stopLoss: String(sl), takeProfit: '90000' });
    expect(res.body.retCode).toBe(0);
    expect(await position()).toMatchObject({ stopLoss: String(sl), takeProfit: '90000' });
    await sim.step();
    expect(sim.positions(trader.apiKey)).toEqual([]);
    const [close] = sim.orders(trader.apiKey).slice(-1);
    expect(close).toMatchObject({ side: 'Buy', avgPrice: sl, stopOrderType: 'StopLoss', reduceOnly: true });
    const fees = 0.002 * entry * FEE + 0.002 * sl * FEE;
    expect(sim.wallet(trader.apiKey).walletBalance).toBeCloseTo(10_000 + (entry - sl) * 0.002 - fees, 8);
  });

  it('reports each order placed through order/create as it is accepted, not the stops the exchange fires', async () => {
    const placed: [string, string, string][] = [];
    sim.onOrderPlaced((apiKey, o) => placed.push([apiKey, o.orderLinkId, o.side]));
    const res = await order({ side: 'Sell', qty: '0.002', stopLoss: '100100', orderLinkId: 'watched-1' });
    // Synchronously, before the answer was written.
    expect(placed).toEqual([[trader.apiKey, 'watched-1', 'Sell']]);
    expect(res.body.retCode).toBe(0);
    expect((await order({ side: 'Sell', qty: '0.002', orderLinkId: 'watched-1' })).body.retCode).toBe(110072);
    await sim.step(); // the stop fires on the path
    expect(sim.orders(trader.apiKey).map((o) => o.stopOrderType)).toEqual(['', 'StopLoss']);
    expect(placed).toHaveLength(1);
  });

  it('fills a stop at the open when the candle opens beyond it (the backtest rule)', async () => {
    await sim.step(); // c1, price 98800
    const entry = sim.currentPrice('BTCUSDT');
    expect((await order({ side: 'Sell', qty: '0.001', stopLoss: '100000' })).body.retCode).toBe(0);
    await sim.step(); // c2 stays below the stop
    expect(sim.positions(trader.apiKey)).toHaveLength(1);
    await sim.step(); // c3 opens at 101500
    expect(sim.positions(trader.apiKey)).toEqual([]);
    const close = sim.orders(trader.apiKey).at(-1)!;
    expect(close.avgPrice).toBe(BTC[3]!.open);
    expect(close.avgPrice).not.toBe(entry);
  });

  it('marks the open position to the path price: unrealised P&L and equity', async () => {
    const entry = sim.currentPrice('BTCUSDT');
    await order({ side: 'Sell', qty: '0.01' });
    await sim.tick(); // open of c1 = 100000
    await sim.tick(); // 100200
    const mark = sim.currentPrice('BTCUSDT');
    expect(mark).toBe(100_200);
    const pos = await position();
    expect(Number(pos['unrealisedPnl'])).toBeCloseTo((entry - mark) * 0.01, 8);
    expect(pos['markPrice']).toBe(String(mark));
    const w = await coin();
    expect(Number(w.usdt['equity'])).toBeCloseTo(Number(w.usdt['walletBalance']) + (entry - mark) * 0.01, 8);
    const open = await get('/v5/position/list', 'settleCoin=USDT&limit=200&category=linear');
    expect(open.body.result.list.map((p) => p['symbol'])).toEqual(['BTCUSDT']);
  });

  it('enforces reduce-only: zero position, same side, and truncates an oversized close', async () => {
    const zero = await order({ side: 'Buy', qty: '0.001', reduceOnly: true });
    expect(zero.body).toMatchObject({ retCode: 110017, retMsg: 'current position is zero, cannot fix reduce-only order qty' });
    await order({ side: 'Sell', qty: '0.003' });
    const same = await order({ side: 'Sell', qty: '0.001', reduceOnly: true });
    expect(same.body.retCode).toBe(110017);
    const oversized = await order({ side: 'Buy', qty: '0.01', reduceOnly: true, positionIdx: 0 });
    expect(oversized.body.retCode).toBe(0);
    expect(sim.positions(trader.apiKey)).toEqual([]);
    expect(sim.orders(trader.apiKey).at(-1)).toMatchObject({ qty: 0.003, reduceOnly: true, orderStatus: 'Filled' });
  });

  it('rejects a duplicate orderLinkId with 110072 and leaves the position as it was', async () => {
    expect((await order({ side: 'Sell', qty: '0.001', orderLinkId: 'dup-1' })).body.retCode).toBe(0);
    const dup = await order({ side: 'Sell', qty: '0.001', orderLinkId: 'dup-1' });
    expect(dup.body).toMatchObject({ retCode: 110072, retMsg: 'OrderLinkedID is duplicate' });
    expect(sim.positions(trader.apiKey)[0]!.size).toBe(0.001);
  });

  it('rejects an order whose initial margin plus fee exceeds the available balance (110007)', async () => {
    const price = sim.currentPrice('BTCUSDT');
    // 0.005 BTC needs price*0.005/10 + fee; the account holds 50 USDT.
    expect((price * 0.005) / 10 + price * 0.005 * FEE).toBeGreaterThan(POOR_BALANCE);
    const tooBig = await order({ side: 'Sell', qty: '0.005' }, poor);
    expect(tooBig.body.retCode).toBe(110007);
    expect((price * 0.004) / 10 + price * 0.004 * FEE).toBeLessThan(POOR_BALANCE);
    expect((await order({ side: 'Sell', qty: '0.004' }, poor)).body.retCode).toBe(0);
    // What is left cannot carry another 0.001 at 10x once the fee is paid...
    const left = sim.wallet(poor.apiKey).availableBalance;
    expect(left).toBeLessThan((price * 0.001) / 10);
    expect((await order({ side: 'Sell', qty: '0.001' }, poor)).body.retCode).toBe(110007);
    // ...but closing needs no margin.
    expect((await order({ side: 'Buy', qty: '0.004', reduceOnly: true }, poor)).body.retCode).toBe(0);
  });

  it('validates order parameters with 10001', async () => {
    const cases: [Json, string | RegExp][] = [
      [{ side: 'Sell', qty: '0.0015' }, 'Qty invalid'],
      [{ side: 'Sell', qty: '120' }, /maximum limit allowed/],
      [{ side: 'Sell', qty: '0.001', orderType: 'Limit', price: '100000' }, /Market orders only/],
      [{ side: 'Sell', qty: '0.001', positionIdx: 1 }, 'position idx not match position mode'],
      [{ side: 'Short', qty: '0.001' }, /side/],
      [{ side: 'Sell', qty: '0.001', symbol: 'DOGEUSDT' }, 'Not supported symbols'],
      [{ side: 'Sell', qty: '0.001', takeProfit: '100500' }, /TakeProfit:100500 set for Sell position should lower than base_price/],
      [{ side: 'Sell', qty: '0.001', stopLoss: '99000' }, /StopLoss:99000 set for Sell position/],
    ];
    for (const [body, msg] of cases) {
      const res = await order(body);
      expect({ body, retCode: res.body.retCode }).toEqual({ body, retCode: 10001 });
      expect(res.body.retMsg).toEqual(typeof msg === 'string' ? msg : expect.stringMatching(msg));
    }
    expect(sim.orders(trader.apiKey)).toEqual([]);
  });

  it('sets leverage once (110043 when unchanged) and uses it for the initial margin', async () => {
    const lev = (buy: string, sell = buy) => post('/v5/position/set-leverage', { symbol: 'BTCUSDT', buyLeverage: buy, sellLeverage: sell, category: 'linear' });
    expect((await lev('5')).body.retCode).toBe(0);
    expect((await lev('5')).body).toMatchObject({ retCode: 110043, retMsg: 'Set leverage has not been modified.' });
    expect((await lev('5', '6')).body.retCode).toBe(10001);
    expect((await lev('0.5')).body.retCode).toBe(10001);
    expect((await lev('101')).body.retCode).toBe(10001);
    const price = sim.currentPrice('BTCUSDT');
    await order({ side: 'Sell', qty: '0.01' });
    const pos = await position();
    expect(pos['leverage']).toBe('5');
    expect(Number(pos['positionIM'])).toBeCloseTo((price * 0.01) / 5, 8);
  });

  it('answers 110001 when cancelling an unknown or already filled order', async () => {
    const unknown = await post('/v5/order/cancel', { symbol: 'BTCUSDT', orderId: 'nope', category: 'linear' });
    expect(unknown.body.retCode).toBe(110001);
    const created = await order({ side: 'Sell', qty: '0.001' });
    const filled = await post('/v5/order/cancel', { symbol: 'BTCUSDT', orderId: (created.body.result as Json)['orderId'], category: 'linear' });
    expect(filled.body.retCode).toBe(110001);
  });

  it('refuses TP/SL on a flat position and a TP on the wrong side', async () => {
    const flat = await post('/v5/position/trading-stop', { category: 'linear', symbol: 'BTCUSDT', takeProfit: '90000', tpslMode: 'Full', positionIdx: 0 });
    expect(flat.body.retCode).toBe(10001);
    await order({ side: 'Sell', qty: '0.001' });
    const wrong = await post('/v5/position/trading-stop', { category: 'linear', symbol: 'BTCUSDT', takeProfit: '100100', tpslMode: 'Full', positionIdx: 0 });
    expect(wrong.body.retCode).toBe(10001);
    const cleared = await post('/v5/position/trading-stop', { category: 'linear', symbol: 'BTCUSDT', takeProfit: '99000', stopLoss: '0', tpslMode: 'Full', positionIdx: 0 });
    expect(cleared.body.retCode).toBe(0);
    expect(await position()).toMatchObject({ takeProfit: '99000', stopLoss: '' });
  });

  it('answers account/info, fee-rate and query-api as a unified account', async () => {
    expect((await get<Json>('/v5/account/info', '')).body.result['unifiedMarginStatus']).toBe(6);
    const fee = (await get('/v5/account/fee-rate', 'category=linear&symbol=BTCUSDT')).body.result.list;
    expect(fee).toEqual([{ symbol: 'BTCUSDT', baseCoin: '', takerFeeRate: String(FEE), makerFeeRate: '0.0002' }]);
    const key = (await get<Json>('/v5/user/query-api', '')).body.result;
    expect(key).toMatchObject({ readOnly: 0, uta: 1, permissions: { ContractTrade: ['Order', 'Position'] } });
  });
});

describe('instrument filters', () => {
  it('checks min quantity, step and min notional against the configured instrument', async () => {
    const sim = await startSimulator({
      accounts: [{ ...trader }],
      instruments: [{
        symbol: 'XUSDT', baseCoin: 'X', tickSize: '0.001', qtyStep: '1', minOrderQty: '2', maxOrderQty: '10000',
        maxMktOrderQty: '1000', minNotionalValue: '5', maxLeverage: '50',
      }],
      market: { candles: { XUSDT: candles(T0, [[1, 1.01, 0.99, 1, 100]]) }, speed: 'manual', from: T0 + 60_000 },
    });
    try {
      const order = (qty: string) => signedPost(sim.url, trader, '/v5/order/create', { category: 'linear', symbol: 'XUSDT', side: 'Sell', orderType: 'Market', qty });
      expect((await order('1')).body).toMatchObject({ retCode: 10001, retMsg: 'The number of contracts exceeds minimum limit allowed' });
      expect((await order('2.5')).body).toMatchObject({ retCode: 10001, retMsg: 'Qty invalid' });
      expect((await order('3')).body).toMatchObject({ retCode: 110094 });
      expect((await order('6')).body.retCode).toBe(0);
    } finally {
      await sim.close();
    }
  });
});

describe('funding', () => {
  it('pays a short the funding rate on its value at each 8-hour mark of market time', async () => {
    const rate = 0.0001;
    const start = T0 - 2 * 60_000; // T0 is 00:00 UTC, a funding time
    const sim = await startSimulator({
      accounts: [{ ...trader }],
      fundingRate: rate,
      market: { candles: { BTCUSDT: candles(start, [[100_000, 100_000, 100_000, 100_000, 1], [100_000, 100_100, 99_900, 100_000, 1], [101_000, 101_000, 101_000, 101_000, 1]]) }, speed: 'manual', from: start + 60_000 },
    });
    try {
      const entry = sim.currentPrice('BTCUSDT');
      await signedPost(sim.url, trader, '/v5/order/create', { category: 'linear', symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', qty: '0.01' });
      const afterEntry = sim.wallet(trader.apiKey).walletBalance;
      await sim.step(); // the candle before 00:00: no funding
      expect(sim.wallet(trader.apiKey).walletBalance).toBe(afterEntry);
      await sim.step(); // opens at 00:00 at 101000
      const received = 0.01 * 101_000 * rate;
      expect(sim.wallet(trader.apiKey).walletBalance).toBeCloseTo(afterEntry + received, 10);
      const funding = (await signedGet<{ list: Record<string, string>[] }>(sim.url, trader, '/v5/execution/list', 'execType=Funding&category=linear')).body.result.list;
      expect(funding).toHaveLength(1);
      expect(funding[0]).toMatchObject({ execType: 'Funding', side: 'Sell', execQty: '0.01', execPrice: '101000', feeRate: String(rate) });
      expect(Number(funding[0]!['execFee'])).toBeCloseTo(-received, 10);
      expect(entry).not.toBe(101_000);
    } finally {
      await sim.close();
    }
  });
});
