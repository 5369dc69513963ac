import { startSimulator, type Simulator } from '../src/index';
import { authPrivate, candles, hmacHex, signedPost, T0, WsClient, type Creds, type Frame } from './helpers';

const creds: Creds = { apiKey: 'ws-key', secret: 'ws-secret' };
const other: Creds = { apiKey: 'other-key', secret: 'other-secret' };
const BTC = candles(T0, [
  [100_000, 100_100, 99_900, 100_000, 10],
  [100_000, 100_200, 98_500, 98_800, 10],
]);

type Json = Record<string, unknown>;
const dataOf = (f: Frame): Json[] => f['data'] as Json[];

describe('private WS /v5/private', () => {
  let sim: Simulator;
  let client: WsClient;

  beforeEach(async () => {
    sim = await startSimulator({
      accounts: [{ ...creds }, { ...other }],
      market: { candles: { BTCUSDT: BTC }, speed: 'manual', from: T0 + 60_000 },
    });
    client = await WsClient.connect(sim.wsPrivateUrl);
  });
  afterEach(async () => {
    client.close();
    await sim.close();
  });

  it('authenticates with HMAC(secret, "GET/realtime" + expires) and echoes req_id', async () => {
    const expires = Date.now() + 10_000;
    client.send({ req_id: 'a1', op: 'auth', args: [creds.apiKey, expires, hmacHex(creds.secret, `GET/realtime${expires}`)] });
    expect(await client.next((f) => f['op'] === 'auth')).toEqual({ success: true, ret_msg: '', op: 'auth', conn_id: expect.any(String), req_id: 'a1' });
  });

  it('accepts expires as a string', async () => {
    const expires = String(Date.now() + 10_000);
    client.send({ op: 'auth', args: [creds.apiKey, expires, hmacHex(creds.secret, `GET/realtime${expires}`)] });
    expect((await client.next((f) => f['op'] === 'auth'))['success']).toBe(true);
  });

  it('fails auth with "Params Error" for an expired expires, and refuses a bad signature', async () => {
    const past = Date.now() - 1;
    client.send({ op: 'auth', args: [creds.apiKey, past, hmacHex(creds.secret, `GET/realtime${past}`)] });
    expect(await client.next((f) => f['op'] === 'auth')).toMatchObject({ success: false, ret_msg: 'Params Error', op: 'auth', conn_id: expect.any(String) });
    const future = Date.now() + 10_000;
    client.send({ op: 'auth', args: [creds.apiKey, future, hmacHex('wrong', `GET/realtime${future}`)] });
    const second = await client.until((frames) => frames.filter((f) => typeof f === 'object' && f['op'] === 'auth')[1] as Frame | undefined);
    expect(second['success']).toBe(false);
    client.send({ op: 'subscribe', args: ['order'] });
    expect(await client.next((f) => f['op'] === 'subscribe')).toMatchObject({ success: false });
  });

  it('answers ping with the private pong shape', async () => {
    client.send({ req_id: 'p1', op: 'ping' });
    const pong = await client.next((f) => f['op'] === 'pong');
    expect(pong).toEqual({ req_id: 'p1', op: 'pong', args: [expect.stringMatching(/^\d+$/)], conn_id: expect.any(String) });
  });

  it('pushes order, execution, position and wallet on a fill, only to the owner', async () => {
    await authPrivate(client, creds);
    const bystander = await WsClient.connect(sim.wsPrivateUrl);
    await authPrivate(bystander, other);
    const price = sim.currentPrice('BTCUSDT');
    const res = await signedPost(sim.url, creds, '/v5/order/create', { symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', category: 'linear', qty: '0.002', orderLinkId: 'ws-1' });
    expect(res.body.retCode).toBe(0);
    const orderId = (res.body.result as Json)['orderId'];

    const order = await client.next((f) => f['topic'] === 'order');
    expect(order).toMatchObject({ id: expect.any(String), topic: 'order', creationTime: expect.any(Number) });
    expect(dataOf(order)[0]).toMatchObject({
      category: 'linear', symbol: 'BTCUSDT', orderId, orderLinkId: 'ws-1', side: 'Sell', orderType: 'Market', price: '0', qty: '0.002',
      timeInForce: 'IOC', orderStatus: 'Filled', reduceOnly: false, closeOnTrigger: false, positionIdx: 0, leavesQty: '0',
      cumExecQty: '0.002', avgPrice: String(price), triggerDirection: 0, createType: 'CreateByUser',
    });
    const execution = await client.next((f) => f['topic'] === 'execution');
    expect(dataOf(execution)[0]).toMatchObject({ orderId, execPrice: String(price), execQty: '0.002', execType: 'Trade', isMaker: false, seq: expect.any(Number) });
    expect(Number(dataOf(execution)[0]!['execFee'])).toBeCloseTo(0.002 * price * 0.00055, 8);
    const position = await client.next((f) => f['topic'] === 'position');
    expect(dataOf(position)[0]).toMatchObject({ category: 'linear', symbol: 'BTCUSDT', positionIdx: 0, side: 'Sell', size: '0.002', entryPrice: String(price), leverage: '10', positionStatus: 'Normal', seq: expect.any(Number) });
    const wallet = await client.next((f) => f['topic'] === 'wallet');
    const w = dataOf(wallet)[0]!;
    expect(w).toMatchObject({ accountType: 'UNIFIED' });
    const usdt = (w['coin'] as Json[])[0]!;
    expect(usdt).toMatchObject({ coin: 'USDT', availableToWithdraw: '', locked: '0', totalOrderIM: '0', borrowAmount: '0', accruedInterest: '0' });
    expect(Number(usdt['walletBalance'])).toBeCloseTo(10_000 - 0.002 * price * 0.00055, 8);

    await new Promise((r) => setTimeout(r, 50));
    expect(bystander.frames.filter((f) => typeof f === 'object' && typeof f['topic'] === 'string')).toEqual([]);
    bystander.close();
  });

  it('pushes the TP close triggered by the market path', async () => {
    await authPrivate(client, creds, ['order', 'position']);
    await signedPost(sim.url, creds, '/v5/order/create', { symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', category: 'linear', qty: '0.001', takeProfit: '99000' });
    await sim.step();
    const orders = await client.until((frames) => {
      const o = frames.filter((f): f is Frame => typeof f === 'object' && f['topic'] === 'order');
      return o.length >= 2 ? o : undefined;
    });
    expect(dataOf(orders[1]!)[0]).toMatchObject({ side: 'Buy', orderStatus: 'Filled', stopOrderType: 'TakeProfit', createType: 'CreateByTakeProfit', triggerPrice: '99000', avgPrice: '99000', reduceOnly: true });
    const positions = await client.until((frames) => {
      const p = frames.filter((f): f is Frame => typeof f === 'object' && f['topic'] === 'position');
      return p.length >= 2 ? p : undefined;
    });
    expect(dataOf(positions[1]!)[0]).toMatchObject({ side: '', size: '0' });
    // Only the subscribed topics arrive.
    expect(client.pushes('execution')).toEqual([]);
  });
});
