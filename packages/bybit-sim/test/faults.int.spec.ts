import { startSimulator, type FaultRule, type Simulator } from '../src/index';
import { authPrivate, candles, publicGet, settle, signedPost, T0, WsClient, type Creds, type Frame } from './helpers';

const creds: Creds = { apiKey: 'fault-key', secret: 'fault-secret' };
// Path of c1: open 100000, high 100200 (nearer), low 98500, close 98800.
const BTC = candles(T0, [
  [100_000, 100_100, 99_900, 100_000, 10],
  [100_000, 100_200, 98_500, 98_800, 10],
  [98_800, 99_000, 98_700, 98_900, 10],
]);
const klineCloses = (client: WsClient): number[] =>
  client.pushes('kline.1.BTCUSDT').map((f) => Number((f['data'] as { close: string }[])[0]!.close));

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

describe('fault injection', () => {
  let sim: Simulator;
  const clients: WsClient[] = [];
  const connect = async (url: string) => {
    const c = await WsClient.connect(url);
    clients.push(c);
    return c;
  };
  const subscribeKline = async (client: WsClient) => {
    client.send({ op: 'subscribe', args: ['kline.1.BTCUSDT'] });
    await client.next((f) => f['op'] === 'subscribe');
  };

  beforeEach(async () => {
    sim = await startSimulator({ accounts: [{ ...creds }], market: { candles: { BTCUSDT: BTC }, speed: 'manual', from: T0 + 60_000 } });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await sim.close();
  });

  it('delays a REST answer (latency), for the next N requests only', async () => {
    sim.setFaults([{ kind: 'latency', path: '/v5/market/time', ms: 150, count: 1 }]);
    const slow = await timed(() => publicGet(sim.url, '/v5/market/time'));
    expect(slow.ms).toBeGreaterThanOrEqual(140);
    expect(slow.value.body.retCode).toBe(0);
    const fast = await timed(() => publicGet(sim.url, '/v5/market/time'));
    expect(fast.ms).toBeLessThan(140);
  });

  it('answers a burst of 10006 for the next N requests, without acting on them', async () => {
    sim.setFaults([{ kind: 'rateLimit', path: '/v5/order/create', count: 2 }]);
    const body = { category: 'linear', symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', qty: '0.001' };
    const first = await signedPost(sim.url, creds, '/v5/order/create', body);
    expect(first.body).toMatchObject({ retCode: 10006, retMsg: 'Too many visits!' });
    expect(first.headers.get('x-bapi-limit-status')).toBe('0');
    expect((await signedPost(sim.url, creds, '/v5/order/create', body)).body.retCode).toBe(10006);
    expect(sim.orders(creds.apiKey)).toEqual([]);
    expect((await signedPost(sim.url, creds, '/v5/order/create', body)).body.retCode).toBe(0);
    expect(sim.orders(creds.apiKey)).toHaveLength(1);
  });

  it('answers an HTTP 5xx gateway page', async () => {
    sim.setFaults([{ kind: 'httpError', path: '/v5/market/*', status: 502, count: 1 }]);
    const res = await fetch(`${sim.url}/v5/market/kline?symbol=BTCUSDT&interval=1&category=linear`);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toContain('502 Bad Gateway');
    expect((await publicGet(sim.url, '/v5/market/kline', 'symbol=BTCUSDT&interval=1&category=linear')).status).toBe(200);
  });

  it('holds a request without answering (timeout), then drops the socket', async () => {
    sim.setFaults([{ kind: 'timeout', path: '/v5/market/time', ms: 100, count: 1 }]);
    const held = await timed(() => fetch(`${sim.url}/v5/market/time`).then(() => 'answered', (err: Error) => `failed: ${String(err.cause ?? err)}`));
    expect(held.value).toMatch(/^failed/);
    expect(held.ms).toBeGreaterThanOrEqual(90);
    expect((await publicGet(sim.url, '/v5/market/time')).body.retCode).toBe(0);
  });

  it('holds a request forever when no ms is given; the client must time out', async () => {
    sim.setFaults([{ kind: 'timeout', path: '/v5/market/tickers' }]);
    const outcome = await fetch(`${sim.url}/v5/market/tickers?category=linear`, { signal: AbortSignal.timeout(200) })
      .then(() => 'answered', (err: Error) => err.name);
    expect(outcome).toBe('TimeoutError');
  });

  it('drops a WS connection instead of a push (no close frame: code 1006)', async () => {
    sim.setFaults([{ kind: 'dropConnection', topic: 'kline.1.BTCUSDT', count: 1 }]);
    const client = await connect(sim.wsPublicUrl);
    await subscribeKline(client);
    await sim.step();
    expect(await client.closed()).toBe(1006);
    expect(client.pushes('kline.1.BTCUSDT')).toEqual([]);
    // The rule is spent: a reconnecting client that resubscribes gets data again.
    const again = await connect(sim.wsPublicUrl);
    await subscribeKline(again);
    await sim.step();
    await again.until(() => again.pushes('kline.1.BTCUSDT').length === 5);
  });

  it('duplicates a private push', async () => {
    sim.setFaults([{ kind: 'duplicatePush', channel: 'private', topic: 'order', count: 1 }]);
    const client = await connect(sim.wsPrivateUrl);
    await authPrivate(client, creds);
    await signedPost(sim.url, creds, '/v5/order/create', { category: 'linear', symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', qty: '0.001' });
    await client.until(() => client.pushes('wallet').length === 1);
    await settle();
    const orders = client.pushes('order');
    expect(orders).toHaveLength(2);
    expect(orders[1]).toEqual(orders[0]);
    expect(client.pushes('execution')).toHaveLength(1);
  });

  it('delivers a held-back push after the next one (out of order)', async () => {
    sim.setFaults([{ kind: 'reorderPush', topic: 'kline.1.BTCUSDT', after: 1, count: 1 }]);
    const client = await connect(sim.wsPublicUrl);
    await subscribeKline(client);
    await sim.step();
    await client.until(() => client.pushes('kline.1.BTCUSDT').length === 5);
    // In order it would be 100000, 100200, 98500, 98800, 98800 (confirm).
    expect(klineCloses(client)).toEqual([100_000, 98_500, 100_200, 98_800, 98_800]);
  });

  it('releases a held-back push after ms when nothing follows', async () => {
    sim.setFaults([{ kind: 'reorderPush', topic: 'kline.1.BTCUSDT', after: 4, count: 1, ms: 100 }]);
    const client = await connect(sim.wsPublicUrl);
    await subscribeKline(client);
    await sim.step();
    await client.until(() => client.pushes('kline.1.BTCUSDT').length === 4);
    const confirm = await timed(() => client.until(() => client.pushes('kline.1.BTCUSDT').length === 5));
    expect(confirm.ms).toBeGreaterThanOrEqual(40);
    expect((client.pushes('kline.1.BTCUSDT')[4]!['data'] as { confirm: boolean }[])[0]!.confirm).toBe(true);
  });

  it('sends malformed frames: invalid JSON, or valid JSON of the wrong shape', async () => {
    sim.setFaults([
      { kind: 'malformedFrame', topic: 'kline.1.BTCUSDT', count: 1 },
      { kind: 'malformedFrame', topic: 'kline.1.BTCUSDT', malformed: 'wrongShape', after: 1, count: 1 },
    ]);
    const client = await connect(sim.wsPublicUrl);
    await subscribeKline(client);
    await sim.step();
    await client.until((frames) => frames.length >= 6); // ack + 5 frames
    const [broken, wrong] = client.frames.slice(1, 3);
    expect(typeof broken).toBe('string');
    expect(() => JSON.parse(broken as string)).toThrow();
    expect(wrong).toMatchObject({ topic: 'kline.1.BTCUSDT' });
    expect(Array.isArray((wrong as Frame)['data'])).toBe(false);
    // The wrong-shaped frame is a kline push too; the well-formed ones follow it.
    const good = client.pushes('kline.1.BTCUSDT').slice(1).map((f) => Number((f['data'] as { close: string }[])[0]!.close));
    expect(good).toEqual([98_500, 98_800, 98_800]);
  });

  it('delays a WS push (latency with a topic)', async () => {
    sim.setFaults([{ kind: 'latency', topic: 'kline.1.BTCUSDT', ms: 150, count: 1 }]);
    const client = await connect(sim.wsPublicUrl);
    await subscribeKline(client);
    await sim.step();
    await client.until(() => client.pushes('kline.1.BTCUSDT').length === 4);
    expect(klineCloses(client)).toEqual([100_200, 98_500, 98_800, 98_800]);
    await client.until(() => client.pushes('kline.1.BTCUSDT').length === 5);
    expect(klineCloses(client)[4]).toBe(100_000);
  });

  it('fires probabilistic rules identically for the same seed', async () => {
    const pattern = async (rule: FaultRule): Promise<number[]> => {
      sim.setFaults([rule]);
      const codes: number[] = [];
      for (let i = 0; i < 24; i++) codes.push((await publicGet(sim.url, '/v5/market/time')).body.retCode);
      return codes;
    };
    const a = await pattern({ kind: 'rateLimit', path: '/v5/market/time', probability: 0.5, seed: 7 });
    const b = await pattern({ kind: 'rateLimit', path: '/v5/market/time', probability: 0.5, seed: 7 });
    const c = await pattern({ kind: 'rateLimit', path: '/v5/market/time', probability: 0.5, seed: 8 });
    expect(a).toEqual(b);
    expect(a).toContain(0);
    expect(a).toContain(10006);
    expect(c).not.toEqual(a);
  });

  it('takes rules over admin HTTP, reports them in /admin/state, and rejects bad ones listing every problem', async () => {
    const set = await fetch(`${sim.url}/admin/faults`, { method: 'POST', body: JSON.stringify([{ kind: 'httpError', path: '/v5/market/time', status: 503, count: 1 }]) });
    expect(set.status).toBe(200);
    expect((await fetch(`${sim.url}/v5/market/time`)).status).toBe(503);
    const state = (await (await fetch(`${sim.url}/admin/state`)).json()) as { faults: { matched: number; fired: number }[]; market: { prices: Record<string, number> } };
    expect(state.faults).toEqual([expect.objectContaining({ matched: 1, fired: 1 })]);
    expect(state.market.prices['BTCUSDT']).toBe(100_000);

    const bad = await fetch(`${sim.url}/admin/faults`, { method: 'POST', body: JSON.stringify({ rules: [{ kind: 'explode' }, { kind: 'latency', count: -1 }] }) });
    expect(bad.status).toBe(400);
    const message = ((await bad.json()) as { error: string }).error;
    expect(message).toContain('faults[0].kind');
    expect(message).toContain('faults[1].count');
    expect(message).toContain('faults[1].ms is required');
  });

  it('applies faults given at start, and drops connections on demand', async () => {
    await sim.close();
    sim = await startSimulator({
      accounts: [{ ...creds }],
      market: { candles: { BTCUSDT: BTC }, speed: 'manual', from: T0 + 60_000 },
      faults: [{ kind: 'rateLimit', path: '/v5/market/time', count: 1 }],
    });
    expect((await publicGet(sim.url, '/v5/market/time')).body.retCode).toBe(10006);
    const pub = await connect(sim.wsPublicUrl);
    const priv = await connect(sim.wsPrivateUrl);
    sim.dropConnections('private');
    expect(await priv.closed()).toBe(1006);
    expect(pub.closeCode).toBeUndefined();
    const drop = await fetch(`${sim.url}/admin/drop`, { method: 'POST', body: JSON.stringify({ kind: 'public' }) });
    expect(drop.status).toBe(200);
    expect(await pub.closed()).toBe(1006);
  });
});
