import { createCcxtBybit } from '../src/rest/create-ccxt-bybit';
import { createBybitRest } from '../src/rest/bybit-rest';
import { startBybitAdapter } from '../src/bybit-adapter';
import { AuthError, KeyPermissionError } from '../src/errors/bybit-errors';
import { FAST, HISTORY, M, READ_ONLY, T0, TRADER, WITHDRAWER, memoryLogger, startSim } from './sim-fixture';
import type { SimHarness } from './sim-fixture';

describe('REST against the simulator', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await startSim();
  });
  afterAll(async () => {
    await h.sim.close();
  });

  it('a signed request is accepted and the same request with a tampered query is refused (10004)', async () => {
    const exchange = createCcxtBybit(h.config());
    const signed = exchange.sign('v5/position/list', 'private', 'GET', { category: 'linear', symbol: 'BTCUSDT' });
    const headers = signed.headers as Record<string, string>;
    const ok = (await (await fetch(signed.url, { headers })).json()) as { retCode: number };
    expect(ok.retCode).toBe(0);
    const tampered = (await (await fetch(signed.url.replace('BTCUSDT', 'ETHUSDT'), { headers })).json()) as { retCode: number };
    expect(tampered.retCode).toBe(10004);

    const post = exchange.sign('v5/position/set-leverage', 'private', 'POST', { category: 'linear', symbol: 'BTCUSDT', buyLeverage: '3', sellLeverage: '3' });
    const postHeaders = post.headers as Record<string, string>;
    const tamperedBody = String(post.body).replace('"3"', '"4"');
    const refused = (await (await fetch(post.url, { method: 'POST', headers: postHeaders, body: tamperedBody })).json()) as { retCode: number };
    expect(refused.retCode).toBe(10004);
  });

  it('the adapter surfaces a bad secret as AuthError carrying the retCode', async () => {
    const { logger } = memoryLogger();
    const rest = createBybitRest(h.config({ apiKey: TRADER.apiKey, secret: 'notTheRightSecret0123456789' }), { logger, ...FAST });
    await expect(rest.fetchBalance()).rejects.toMatchObject({ name: 'AuthError', retCode: 10004 });
  });

  it('starts with a trading key: permissions checked, instruments loaded from the exchange filters', async () => {
    const { logger } = memoryLogger();
    const adapter = await startBybitAdapter(h.config(), { logger, requireTrading: true, ...FAST });
    expect(adapter.keyPermissions).toMatchObject({ canTrade: true, canWithdraw: false, readOnly: false });
    // BYBIT_V5.md §7 filters, as the simulator serves them by default.
    expect(adapter.instruments.get('BTCUSDT')).toMatchObject({ symbol: 'BTCUSDT', qtyStep: 0.001, minQty: 0.001, tickSize: 0.1, minNotional: 5 });
    expect(adapter.instruments.get('ETHUSDT')).toMatchObject({ qtyStep: 0.01, minQty: 0.01, tickSize: 0.01, minNotional: 5 });
  });

  it('refuses a key that can withdraw, even for market data, and a read-only key when trading', async () => {
    const { logger } = memoryLogger();
    await expect(startBybitAdapter(h.config(WITHDRAWER), { logger, requireTrading: true, ...FAST })).rejects.toThrow(KeyPermissionError);
    await expect(startBybitAdapter(h.config(WITHDRAWER), { logger, requireTrading: false, ...FAST })).rejects.toThrow(/can withdraw/);
    await expect(startBybitAdapter(h.config(READ_ONLY), { logger, requireTrading: true, ...FAST })).rejects.toThrow(/read-only/);
    const readOnly = await startBybitAdapter(h.config(READ_ONLY), { logger, requireTrading: false, ...FAST });
    expect(readOnly.keyPermissions?.readOnly).toBe(true);
  });

  it('refuses to trade without credentials', async () => {
    const { logger } = memoryLogger();
    const config = h.config(TRADER, { apiKey: undefined, apiSecret: undefined });
    await expect(startBybitAdapter(config, { logger, requireTrading: true, ...FAST })).rejects.toThrow(AuthError);
  });

  it('fetches closed candles across pages, exactly the simulator history, never the forming one', async () => {
    const { logger } = memoryLogger();
    const rest = createBybitRest(h.config(), { logger, ...FAST });
    const got = await rest.fetchClosedCandles('BTCUSDT', T0);
    expect(got).toEqual(h.candles.slice(0, HISTORY));
    const some = await rest.fetchClosedCandles('BTCUSDT', T0 + 3 * M, T0 + 7 * M);
    expect(some.map((c) => c.ts)).toEqual([3, 4, 5, 6, 7].map((i) => T0 + i * M));
  });

  it('setLeverage tolerates 110043 (already at that leverage)', async () => {
    const { logger } = memoryLogger();
    const rest = createBybitRest(h.config(), { logger, ...FAST });
    expect(await rest.setLeverage('BTCUSDT', 7)).toEqual({ changed: true });
    expect(await rest.setLeverage('BTCUSDT', 7)).toEqual({ changed: false });
    const [position] = await rest.fetchPositions('BTCUSDT');
    expect(position).toMatchObject({ symbol: 'BTCUSDT', size: 0, side: undefined, leverage: 7 });
  });

  it('an unknown orderLinkId is not found, and cancelling an unknown order is OrderNotFoundError', async () => {
    const { logger } = memoryLogger();
    const rest = createBybitRest(h.config(), { logger, ...FAST });
    expect(await rest.fetchOrderByLinkId('BTCUSDT', 'never-placed')).toBeUndefined();
    await expect(rest.cancelOrder('BTCUSDT', { orderLinkId: 'never-placed' })).rejects.toMatchObject({ name: 'OrderNotFoundError', retCode: 110001 });
  });

  it('an unknown symbol is refused before any order request', async () => {
    const { logger } = memoryLogger();
    const rest = createBybitRest(h.config(), { logger, ...FAST });
    await expect(rest.placeMarketOrder({ symbol: 'DOGEUSDT', side: 'Sell', qty: 1, reduceOnly: false, orderLinkId: 'x-1' })).rejects.toMatchObject({ name: 'InvalidRequestError' });
    await expect(rest.placeMarketOrder({ symbol: 'BTCUSDT', side: 'Sell', qty: 1, reduceOnly: false, orderLinkId: 'has spaces' })).rejects.toThrow(/orderLinkId/);
  });
});
