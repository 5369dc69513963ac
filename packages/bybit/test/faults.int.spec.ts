import { createBybitRest } from '../src/rest/bybit-rest';
import type { BybitRest } from '../src/rest/bybit-rest';
import { createPrivateStream } from '../src/ws/private-stream';
import type { PrivateStream } from '../src/ws/private-stream';
import type { ExecutionUpdate, OrderUpdate } from '../src/ws/frames';
import { FAST, TRADER, WS_FAST, eventually, memoryLogger, startSim } from './sim-fixture';
import type { SimHarness } from './sim-fixture';

const SHORT = { symbol: 'BTCUSDT', side: 'Sell', qty: 0.002, reduceOnly: false } as const;

describe('REST faults: retries without duplicate orders', () => {
  let h: SimHarness;
  let rest: BybitRest;
  let logs: ReturnType<typeof memoryLogger>;
  const ordersWithLink = (link: string) => h.sim.orders(TRADER.apiKey).filter((o) => o.orderLinkId === link);
  const retryLines = () => logs.lines().filter((l) => l['msg'] === 'bybit call failed, retrying');

  beforeEach(async () => {
    h = await startSim();
    await h.sim.step();
    logs = memoryLogger();
    rest = createBybitRest(h.config(TRADER, { timeoutMs: 400 }), { logger: logs.logger, ...FAST });
    await rest.loadInstruments();
  });
  afterEach(async () => {
    await h.sim.close();
  });

  it('a burst of 10006 is retried with backoff, waiting for the limit window too, and the call succeeds', async () => {
    h.sim.setFaults([{ kind: 'rateLimit', path: '/v5/position/list', count: 3 }]);
    const sleeps: number[] = [];
    const counted = createBybitRest(h.config(), {
      logger: logs.logger,
      backoff: { baseMs: 20, maxMs: 200, maxAttempts: 5 },
      rateLimitMaxWaitMs: 300,
      random: () => 0,
      // A clock far behind the exchange's, so that every window wait is the cap whatever the
      // timing of the run (with the real clock the wait is 0-300 ms).
      now: () => 0,
      sleep: (ms) => {
        sleeps.push(ms);
        return new Promise((r) => setTimeout(r, ms));
      },
    });
    await expect(counted.fetchPositions('BTCUSDT')).resolves.toHaveLength(1);
    expect(retryLines().map((l) => (l['error'] as { retCode?: number }).retCode)).toEqual([10006, 10006, 10006]);
    // random 0 gives the lower bound of each backoff step: 10, 20, 40 ms.
    const backoffs = sleeps.filter((ms) => [10, 20, 40].includes(ms));
    expect(backoffs).toEqual([10, 20, 40]);
    // Each 10006 answer says "0 left, resets at the next second": the guard waits for that reset
    // (capped at 300 ms here) before the next call on the endpoint.
    expect(sleeps.filter((ms) => ![10, 20, 40].includes(ms))).toEqual([300, 300, 300]);
  });

  it('10006 on order create is retried and places exactly one order', async () => {
    h.sim.setFaults([{ kind: 'rateLimit', path: '/v5/order/create', count: 2 }]);
    const placed = await rest.placeMarketOrder({ ...SHORT, orderLinkId: 'rl-1' });
    expect(placed.resolvedBy).toBe('create');
    expect(ordersWithLink('rl-1')).toHaveLength(1);
  });

  it('10006 for longer than the attempts allow ends in RateLimitedError, and no order', async () => {
    h.sim.setFaults([{ kind: 'rateLimit', path: '/v5/order/create', count: 50 }]);
    await expect(rest.placeMarketOrder({ ...SHORT, orderLinkId: 'rl-2' })).rejects.toMatchObject({ name: 'RateLimitedError', retCode: 10006 });
    expect(ordersWithLink('rl-2')).toHaveLength(0);
  });

  it('a 5xx on create is checked by orderLinkId before the retry: one order', async () => {
    h.sim.setFaults([{ kind: 'httpError', path: '/v5/order/create', status: 503, count: 1 }]);
    const placed = await rest.placeMarketOrder({ ...SHORT, orderLinkId: 'http-1' });
    expect(ordersWithLink('http-1')).toHaveLength(1);
    expect(placed.orderId).toBe(ordersWithLink('http-1')[0]?.orderId);
    const lines = logs.lines().map((l) => l['msg']);
    expect(lines).toContain('order outcome unknown, looking it up before any retry');
  });

  it('a create that never answers (timeout) is looked up, then placed once', async () => {
    h.sim.setFaults([{ kind: 'timeout', path: '/v5/order/create', count: 1, ms: 3_000 }]);
    const placed = await rest.placeMarketOrder({ ...SHORT, orderLinkId: 'to-1' });
    expect(placed.resolvedBy).toBe('create');
    expect(ordersWithLink('to-1')).toHaveLength(1);
  });

  it('a create that times out but lands afterwards is not placed twice', async () => {
    // The first create is answered (and executed) 700 ms late, after our 400 ms timeout.
    h.sim.setFaults([{ kind: 'latency', path: '/v5/order/create', count: 1, ms: 700 }]);
    const placed = await rest.placeMarketOrder({ ...SHORT, orderLinkId: 'late-1' });
    await new Promise((r) => setTimeout(r, 800)); // let the late request land
    const orders = ordersWithLink('late-1');
    expect(orders).toHaveLength(1);
    expect(placed.orderId).toBe(orders[0]?.orderId);
    expect(h.sim.positions(TRADER.apiKey)[0]?.size).toBe(SHORT.qty);
  });

  it('a create that lands while we wait to retry is found: the retry hits 110072 and resolves by lookup', async () => {
    h.sim.setFaults([{ kind: 'latency', path: '/v5/order/create', count: 1, ms: 600 }]);
    // Timeout at 400 ms, lookup finds nothing yet, the retry waits 400 ms (random 0): the first
    // create has landed by then.
    const slow = createBybitRest(h.config(TRADER, { timeoutMs: 400 }), { logger: logs.logger, backoff: { baseMs: 800, maxMs: 800, maxAttempts: 3 }, random: () => 0 });
    const placed = await slow.placeMarketOrder({ ...SHORT, orderLinkId: 'late-2' });
    const orders = ordersWithLink('late-2');
    expect(orders).toHaveLength(1);
    expect(placed).toEqual({ orderId: orders[0]?.orderId, orderLinkId: 'late-2', resolvedBy: 'lookup' });
  });

  it('placing the same orderLinkId again resolves to the existing order (110072 → lookup)', async () => {
    const first = await rest.placeMarketOrder({ ...SHORT, orderLinkId: 'dup-1' });
    const second = await rest.placeMarketOrder({ ...SHORT, orderLinkId: 'dup-1' });
    expect(second).toEqual({ orderId: first.orderId, orderLinkId: 'dup-1', resolvedBy: 'lookup' });
    expect(ordersWithLink('dup-1')).toHaveLength(1);
  });

  it('reads are retried through 5xx and timeouts', async () => {
    h.sim.setFaults([
      { kind: 'httpError', path: '/v5/account/wallet-balance', status: 502, count: 1 },
      { kind: 'timeout', path: '/v5/account/wallet-balance', after: 1, count: 1, ms: 2_000 },
    ]);
    const balance = await rest.fetchBalance();
    expect(balance.usdt.walletBalance).toBeCloseTo(h.sim.wallet(TRADER.apiKey).walletBalance, 6);
    expect(retryLines().map((l) => (l['error'] as { name: string }).name)).toEqual(['ExchangeUnavailableError', 'ExchangeUnavailableError']);
  });
});

describe('private stream faults', () => {
  let h: SimHarness;
  let stream: PrivateStream;
  let rest: BybitRest;
  const executions: ExecutionUpdate[] = [];
  const orders: OrderUpdate[] = [];
  const ups: boolean[] = [];

  beforeEach(async () => {
    executions.length = 0;
    orders.length = 0;
    ups.length = 0;
    h = await startSim();
    await h.sim.step();
    const { logger } = memoryLogger();
    rest = createBybitRest(h.config(), { logger, ...FAST });
    const config = h.config();
    if (config.credentials === undefined) throw new Error('fixture has credentials');
    stream = createPrivateStream({ url: h.sim.wsPrivateUrl, credentials: config.credentials, logger, ...WS_FAST });
    stream.on('execution', (e) => executions.push(e));
    stream.on('order', (o) => orders.push(o));
    stream.on('up', ({ reconnect }) => ups.push(reconnect));
    stream.start();
    await eventually('private stream up', () => ups.length === 1);
  });
  afterEach(async () => {
    await stream.close();
    await h.sim.close();
  });

  it('duplicated and reordered order/execution pushes reach listeners once, newest state last', async () => {
    h.sim.setFaults([
      { kind: 'duplicatePush', channel: 'private', topic: 'execution' },
      { kind: 'duplicatePush', channel: 'private', topic: 'order' },
      { kind: 'reorderPush', channel: 'private', topic: 'position', ms: 30 },
    ]);
    await rest.placeMarketOrder({ ...SHORT, orderLinkId: 'ws-dup-1' });
    await rest.placeMarketOrder({ symbol: 'BTCUSDT', side: 'Buy', qty: 0.002, reduceOnly: true, orderLinkId: 'ws-dup-2' });
    await eventually('both fills', () => executions.length === 2);
    await new Promise((r) => setTimeout(r, 150));
    expect(executions.map((e) => e.orderLinkId)).toEqual(['ws-dup-1', 'ws-dup-2']);
    expect(orders.map((o) => o.orderLinkId)).toEqual(['ws-dup-1', 'ws-dup-2']);
    expect(stream.stats().duplicates).toBeGreaterThanOrEqual(2);
  });

  it('after a drop it re-authenticates, resubscribes and says so (reconnect: true)', async () => {
    h.sim.dropConnections('private');
    await eventually('second up', () => ups.length === 2);
    expect(ups).toEqual([false, true]);
    await rest.placeMarketOrder({ ...SHORT, orderLinkId: 'ws-after-drop' });
    await eventually('fill after reconnect', () => executions.some((e) => e.orderLinkId === 'ws-after-drop'));
  });

  it('malformed private frames are counted and skipped, later pushes still arrive', async () => {
    h.sim.setFaults([
      { kind: 'malformedFrame', channel: 'private', topic: 'wallet', malformed: 'invalidJson', count: 1 },
      { kind: 'malformedFrame', channel: 'private', topic: 'position', malformed: 'wrongShape', count: 1 },
    ]);
    await rest.placeMarketOrder({ ...SHORT, orderLinkId: 'ws-bad-1' });
    await eventually('execution', () => executions.length === 1);
    await eventually('two malformed frames counted', () => stream.malformedCount === 2);
  });
});
