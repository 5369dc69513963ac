import { SimulatorStateError, startSimulator, type Simulator } from '../src/index';
import { candles, publicGet, T0, WsClient, type Frame } from './helpers';

const rows = Array.from({ length: 400 }, (_, i): [number, number, number, number, number] => {
  const p = 100 + (i % 7);
  return [p, p + 1, p - 1, p + 0.5, 1];
});
const series = candles(T0, rows);
const confirmed = (f: Frame) => (f['data'] as { confirm: boolean }[])[0]!.confirm;

describe('market driver speeds', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('plays a candle every 60 s / speed, pushing its path in between', async () => {
    const started = performance.now();
    sim = await startSimulator({ market: { candles: { SOLUSDT: series }, speed: 600 } }); // 100 ms a candle
    const client = await WsClient.connect(sim.wsPublicUrl);
    client.send({ op: 'subscribe', args: ['kline.1.SOLUSDT'] });
    // Candle i closes on a schedule fixed at start: never before (i + 1) * 100 ms.
    const closes: { index: number; at: number }[] = [];
    client.ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as Frame;
      if (f['topic'] !== 'kline.1.SOLUSDT' || !confirmed(f)) return;
      const start = (f['data'] as { start: number }[])[0]!.start;
      closes.push({ index: (start - T0) / 60_000, at: performance.now() - started });
    });
    await client.until(() => closes.length >= 4, 5000);
    for (const { index, at } of closes) {
      expect(at).toBeGreaterThanOrEqual((index + 1) * 100 - 2);
      expect(at).toBeLessThan((index + 1) * 100 + 1500);
    }
    expect(closes.map((c) => c.index)).toEqual(closes.map((_, i) => closes[0]!.index + i));
    // Between two confirms come the four path points of the next candle.
    const pushes = client.pushes('kline.1.SOLUSDT');
    const firstConfirm = pushes.findIndex(confirmed);
    expect(pushes.slice(firstConfirm + 1, firstConfirm + 6).map(confirmed)).toEqual([false, false, false, false, true]);
    client.close();
  });

  it("plays at 'max' while still answering requests, and refuses step()", async () => {
    const long = candles(T0, Array.from({ length: 5_000 }, (_, i) => rows[i % rows.length]!));
    sim = await startSimulator({ market: { candles: { SOLUSDT: long }, speed: 'max' } });
    const seen = new Set<number>();
    for (let i = 0; i < 5; i++) {
      const res = await publicGet<{ list: string[][] }>(sim.url, '/v5/market/kline', 'symbol=SOLUSDT&interval=1&category=linear&limit=1');
      expect(res.body.retCode).toBe(0);
      seen.add(Number(res.body.result.list[0]![0]));
    }
    // The answers came while the market was playing (before its last candle), and it moved on between them.
    expect(Math.max(...seen)).toBeLessThan(long.at(-1)!.ts);
    expect(seen.size).toBeGreaterThan(1);
    const s = sim;
    await expect(s.step()).rejects.toBeInstanceOf(SimulatorStateError);
    const deadline = Date.now() + 20_000;
    while (sim.state().market.nextCandleTs !== null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(sim.state().market.nextCandleTs).toBeNull();
    expect(sim.currentPrice('SOLUSDT')).toBe(long.at(-1)!.close);
    }, 30_000); // a loaded CI machine plays 'max' slower than a quiet one

  it('advances to a time in manual mode', async () => {
    sim = await startSimulator({ market: { candles: { SOLUSDT: series }, speed: 'manual' } });
    expect(sim.marketTime()).toBe(T0);
    expect(await sim.advanceTo(T0 + 9 * 60_000)).toBe(10);
    expect(sim.marketTime()).toBe(T0 + 10 * 60_000);
    expect(sim.currentPrice('SOLUSDT')).toBe(rows[9]![3]);
  });
});
