import { startSimulator, type Simulator } from '../src/index';
import { candles, settle, T0, WsClient, type Frame } from './helpers';

const OPEN = 2000;
const HIGH = 2030;
const LOW = 1990;
const CLOSE = 2010.5;
const VOLUME = 40;
// ETH ticks are 0.01. The high is nearer the open than the low? |2030-2000| = 30 > |2000-1990| = 10, so the low comes first.
const series = candles(T0, [
  [1995, 2001, 1994, 2000, 10],
  [OPEN, HIGH, LOW, CLOSE, VOLUME],
]);

interface KlineData {
  start: number; end: number; interval: string; open: string; high: string; low: string; close: string;
  volume: string; turnover: string; confirm: boolean; timestamp: number;
}

describe('public WS /v5/public/linear', () => {
  let sim: Simulator;
  let client: WsClient;

  beforeEach(async () => {
    sim = await startSimulator({ market: { candles: { ETHUSDT: series }, speed: 'manual', from: T0 + 60_000 } });
    client = await WsClient.connect(sim.wsPublicUrl);
  });
  afterEach(async () => {
    client.close();
    await sim.close();
  });

  it('acks subscribe and answers ping with the linear pong shape', async () => {
    client.send({ req_id: '1', op: 'subscribe', args: ['kline.1.ETHUSDT'] });
    const ack = await client.next((f) => f['op'] === 'subscribe');
    expect(ack).toEqual({ success: true, ret_msg: '', conn_id: expect.any(String), req_id: '1', op: 'subscribe' });
    client.send({ req_id: 'p1', op: 'ping' });
    const pong = await client.next((f) => f['op'] === 'ping');
    expect(pong).toEqual({ success: true, ret_msg: 'pong', conn_id: ack['conn_id'], req_id: 'p1', op: 'ping' });
  });

  it('fails an unknown topic with "handler not found"', async () => {
    client.send({ op: 'subscribe', args: ['orderbook.50.ETHUSDT'] });
    const ack = await client.next((f) => f['op'] === 'subscribe');
    expect(ack).toMatchObject({ success: false, ret_msg: 'error:handler not found,topic:orderbook.50.ETHUSDT', req_id: '', op: 'subscribe' });
    client.send({ op: 'subscribe', args: ['kline.1.NOPEUSDT'] });
    const second = await client.until((frames) => frames.filter((f) => typeof f === 'object' && f['op'] === 'subscribe')[1] as Frame | undefined);
    expect(second['ret_msg']).toBe('error:handler not found,topic:kline.1.NOPEUSDT');
  });

  it('pushes confirm:false updates along open -> nearer extreme -> other extreme -> close, then confirm:true', async () => {
    client.send({ op: 'subscribe', args: ['kline.1.ETHUSDT'] });
    await client.next((f) => f['op'] === 'subscribe');
    await sim.step();
    const pushes = await client.until((frames) => {
      const k = frames.filter((f): f is Frame => typeof f === 'object' && f['topic'] === 'kline.1.ETHUSDT');
      return k.length >= 5 ? k : undefined;
    });
    const data = pushes.map((p) => (p['data'] as KlineData[])[0]!);
    const start = T0 + 60_000;
    for (const p of pushes) expect(p).toMatchObject({ topic: 'kline.1.ETHUSDT', type: 'snapshot', ts: expect.any(Number) });
    for (const d of data) expect(d).toMatchObject({ start, end: start + 59_999, interval: '1', open: String(OPEN) });
    expect(data.map((d) => d.confirm)).toEqual([false, false, false, false, true]);
    expect(data.map((d) => Number(d.close))).toEqual([OPEN, LOW, HIGH, CLOSE, CLOSE]);
    expect(data.map((d) => Number(d.low))).toEqual([OPEN, LOW, LOW, LOW, LOW]);
    expect(data.map((d) => Number(d.high))).toEqual([OPEN, OPEN, HIGH, HIGH, HIGH]);
    const volumes = data.map((d) => Number(d.volume));
    expect(volumes[4]).toBe(VOLUME);
    for (let i = 1; i < volumes.length; i++) expect(volumes[i]!).toBeGreaterThanOrEqual(volumes[i - 1]!);
    const times = data.map((d) => d.timestamp);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
    expect(times[4]).toBe(start + 59_999);
  });

  it('sends a tickers snapshot on subscribe, then deltas with only the changed fields', async () => {
    client.send({ op: 'subscribe', args: ['tickers.ETHUSDT'] });
    const snapshot = await client.next((f) => f['topic'] === 'tickers.ETHUSDT');
    expect(snapshot).toMatchObject({ type: 'snapshot', cs: expect.any(Number), ts: expect.any(Number) });
    const snap = snapshot['data'] as Record<string, string>;
    expect(Number(snap['lastPrice'])).toBe(2000);
    for (const field of ['markPrice', 'indexPrice', 'bid1Price', 'bid1Size', 'ask1Price', 'ask1Size', 'price24hPcnt', 'highPrice24h',
      'lowPrice24h', 'prevPrice24h', 'volume24h', 'turnover24h', 'openInterest', 'openInterestValue', 'fundingRate', 'nextFundingTime']) {
      expect(snap[field]).toEqual(expect.any(String));
    }
    expect(snap['fundingIntervalHour']).toBe('8');
    await sim.step();
    const deltas = await client.until((frames) => {
      const d = frames.filter((f): f is Frame => typeof f === 'object' && f['topic'] === 'tickers.ETHUSDT' && f['type'] === 'delta');
      return d.length >= 3 ? d : undefined;
    });
    await settle();
    const all = client.pushes('tickers.ETHUSDT').slice(1);
    // The open equals the previous close, so lastPrice changes three times: to the low, the high, the close.
    // (At the open only the 24h volume fields change, and only they are sent.)
    const prices = all.map((d) => (d['data'] as Record<string, string>)['lastPrice']).filter((p) => p !== undefined);
    expect(prices.map(Number)).toEqual([LOW, HIGH, CLOSE]);
    for (const d of deltas) {
      const fields = Object.keys(d['data'] as object);
      expect(fields).toContain('symbol');
      expect(fields).not.toContain('fundingIntervalHour');
    }
    const cs = all.map((d) => d['cs'] as number);
    expect(cs).toEqual([...cs].sort((a, b) => a - b));
  });

  it('stops pushing after unsubscribe', async () => {
    client.send({ op: 'subscribe', args: ['kline.1.ETHUSDT'] });
    await client.next((f) => f['op'] === 'subscribe');
    client.send({ op: 'unsubscribe', args: ['kline.1.ETHUSDT'] });
    const ack = await client.next((f) => f['op'] === 'unsubscribe');
    expect(ack['success']).toBe(true);
    await sim.step();
    await settle();
    expect(client.pushes('kline.1.ETHUSDT')).toEqual([]);
  });
});
