import ccxt from 'ccxt';
import { startSimulator, type Simulator } from '../src/index';
import { candles, T0 } from './helpers';

const apiKey = 'ccxt-key';
const secret = 'ccxt-secret';
const BTC = candles(T0, [
  [100_000, 100_100, 99_900, 100_050, 10],
  [100_050, 100_200, 100_000, 100_150, 11],
  [100_150, 100_160, 99_950, 100_000, 9],
  [100_000, 100_300, 99_800, 100_100, 12],
]);
const FROM = T0 + 3 * 60_000;

describe('ccxt 4.5.84 bybit against the simulator (BYBIT_V5.md §4.1)', () => {
  let sim: Simulator;
  let exchange: InstanceType<typeof ccxt.bybit>;

  beforeAll(async () => {
    sim = await startSimulator({ accounts: [{ apiKey, secret }], market: { candles: { BTCUSDT: BTC }, speed: 'manual', from: FROM } });
    exchange = new ccxt.bybit({
      apiKey, secret,
      urls: { api: { public: sim.url, private: sim.url } },
      options: {
        defaultType: 'swap', defaultSubType: 'linear', fetchMarkets: { types: ['linear'] },
        enableUnifiedAccount: true, enableUnifiedMargin: false, unifiedMarginStatus: 6,
      },
      has: { fetchCurrencies: false },
    } as ConstructorParameters<typeof ccxt.bybit>[0]);
  });
  afterAll(() => sim.close());

  it('loads the linear markets with their precision and limits', async () => {
    const markets = await exchange.loadMarkets();
    expect(Object.keys(markets).sort()).toEqual(['BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT']);
    const btc = markets['BTC/USDT:USDT']!;
    expect(btc).toMatchObject({ id: 'BTCUSDT', linear: true, swap: true, contract: true, active: true, settle: 'USDT' });
    expect(btc.precision).toMatchObject({ amount: 0.001, price: 0.1 });
    expect(btc.limits.amount?.min).toBe(0.001);
    expect(btc.limits.cost?.min).toBe(5);
  });

  it('fetches OHLCV oldest first, from since', async () => {
    const rows = await exchange.fetchOHLCV('BTC/USDT:USDT', '1m', T0 + 60_000, 2);
    expect(rows).toEqual([
      [T0 + 60_000, 100_050, 100_200, 100_000, 100_150, 11],
      [T0 + 120_000, 100_150, 100_160, 99_950, 100_000, 9],
    ]);
  });

  it('fetches the balance', async () => {
    const balance = await exchange.fetchBalance();
    expect(balance['USDT']).toMatchObject({ total: 10_000, free: 10_000, used: 0 });
  });

  it('creates a market sell with a clientOrderId and sees the short position', async () => {
    const price = sim.currentPrice('BTCUSDT');
    const order = await exchange.createOrder('BTC/USDT:USDT', 'market', 'sell', 0.001, undefined, { clientOrderId: 'ccxt-1' });
    expect(order.id).toEqual(expect.any(String));
    const orderId = order.id as string;
    expect(sim.orders(apiKey)).toEqual([expect.objectContaining({ orderId: order.id, orderLinkId: 'ccxt-1', side: 'Sell', qty: 0.001, orderStatus: 'Filled' })]);

    const fetched = await exchange.fetchOrder(orderId, 'BTC/USDT:USDT', { acknowledged: true });
    expect(fetched).toMatchObject({ id: order.id, clientOrderId: 'ccxt-1', status: 'closed', filled: 0.001, average: price, side: 'sell', type: 'market' });

    const positions = await exchange.fetchPositions(['BTC/USDT:USDT']);
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({ symbol: 'BTC/USDT:USDT', side: 'short', contracts: 0.001, entryPrice: price, leverage: 10, hedged: false });
    const all = await exchange.fetchPositions();
    expect(all.map((p) => p.symbol)).toEqual(['BTC/USDT:USDT']);

    const trades = await exchange.fetchMyTrades('BTC/USDT:USDT');
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ order: order.id, side: 'sell', amount: 0.001, price });
    expect(trades[0]!.fee?.cost).toBeCloseTo(0.001 * price * 0.00055, 10);

    const balance = await exchange.fetchBalance();
    expect(balance['USDT']?.total).toBeCloseTo(10_000 - 0.001 * price * 0.00055, 8);
    expect(balance['USDT']?.used).toBeCloseTo((0.001 * price) / 10, 8);
  });

  it('maps simulator errors onto ccxt exception classes', async () => {
    await expect(exchange.createOrder('BTC/USDT:USDT', 'market', 'sell', 0.001, undefined, { clientOrderId: 'ccxt-1' })).rejects.toBeInstanceOf(ccxt.InvalidOrder);
    await expect(exchange.createOrder('BTC/USDT:USDT', 'market', 'sell', 1000)).rejects.toBeInstanceOf(ccxt.BadRequest);
    await expect(exchange.createOrder('BTC/USDT:USDT', 'market', 'sell', 100)).rejects.toBeInstanceOf(ccxt.InsufficientFunds);
    await exchange.setLeverage(5, 'BTC/USDT:USDT');
    await expect(exchange.setLeverage(5, 'BTC/USDT:USDT')).rejects.toBeInstanceOf(ccxt.BadRequest);
    await expect(exchange.cancelOrder('no-such-order', 'BTC/USDT:USDT')).rejects.toBeInstanceOf(ccxt.OrderNotFound);
  });

  it('rejects a wrong secret as an AuthenticationError', async () => {
    const wrong = new ccxt.bybit({
      apiKey, secret: 'not-the-secret', urls: { api: { public: sim.url, private: sim.url } },
      options: { defaultType: 'swap', defaultSubType: 'linear', fetchMarkets: { types: ['linear'] }, enableUnifiedAccount: true, enableUnifiedMargin: false, unifiedMarginStatus: 6 },
      has: { fetchCurrencies: false },
    } as ConstructorParameters<typeof ccxt.bybit>[0]);
    await expect(wrong.fetchBalance()).rejects.toBeInstanceOf(ccxt.AuthenticationError);
  });
});
