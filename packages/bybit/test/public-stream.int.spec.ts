import type { Simulator } from '@mast/bybit-sim';
import { createBybitRest } from '../src/rest/bybit-rest';
import type { BybitRest } from '../src/rest/bybit-rest';
import type { ClosedCandle } from '../src/candles/closed-candle';
import { createPublicStream } from '../src/ws/public-stream';
import type { PublicStream, PublicStreamOptions } from '../src/ws/public-stream';
import { FAST, HISTORY, M, T0, WS_FAST, eventually, memoryLogger, startSim } from './sim-fixture';
import type { SimHarness } from './sim-fixture';

/** What the stream must deliver: the simulator's candles with open times in [from, to], once each, in order. */
const expectedSeries = (h: SimHarness, fromIndex: number, toIndex: number): ClosedCandle[] => h.candles.slice(fromIndex, toIndex + 1);

async function stepTimes(sim: Simulator, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) await sim.step();
}

describe('public stream against the simulator', () => {
  let h: SimHarness;
  let rest: BybitRest;
  let stream: PublicStream | undefined;
  const received: ClosedCandle[] = [];
  const malformed: string[] = [];

  async function open(extra: Partial<PublicStreamOptions> = {}): Promise<PublicStream> {
    const { logger } = memoryLogger();
    const s = createPublicStream({
      url: h.sim.wsPublicUrl,
      symbols: ['BTCUSDT'],
      backfill: rest,
      logger,
      ...WS_FAST,
      onMalformed: (reason) => malformed.push(reason),
      ...extra,
    });
    s.on('candle', (c) => received.push(c));
    const up = new Promise<void>((resolve) => s.on('up', () => resolve()));
    s.start();
    await up;
    stream = s;
    return s;
  }

  beforeEach(async () => {
    received.length = 0;
    malformed.length = 0;
    h = await startSim();
    const { logger } = memoryLogger();
    rest = createBybitRest(h.config(), { logger, ...FAST });
  });
  afterEach(async () => {
    await stream?.close();
    stream = undefined;
    await h.sim.close();
  });

  it('emits closed candles only, as numbers, in order', async () => {
    const s = await open();
    await stepTimes(h.sim, 3);
    await eventually('3 candles', () => received.length === 3);
    expect(received).toEqual(expectedSeries(h, HISTORY, HISTORY + 2));
    expect(s.malformedCount).toBe(0);
    expect(s.lastEmittedTs('BTCUSDT')).toBe(T0 + (HISTORY + 2) * M);
  });

  it('tickers: a snapshot, then deltas merged into full tickers', async () => {
    const tickers: { lastPrice: number | undefined; markPrice: number | undefined }[] = [];
    const s = await open({ tickers: true });
    s.on('ticker', (t) => tickers.push(t));
    await stepTimes(h.sim, 1);
    await eventually('ticker updates', () => tickers.length >= 2);
    const last = tickers.at(-1);
    expect(last?.lastPrice).toBe(h.sim.currentPrice('BTCUSDT'));
    expect(last?.markPrice).toBeGreaterThan(0);
  });

  it('resumes after the consumer\'s last candle: the history it missed comes by REST, bounded by the first push', async () => {
    await open({ resumeAfter: { BTCUSDT: T0 + 9 * M } });
    await stepTimes(h.sim, 2);
    await eventually('history then live candles', () => received.length === HISTORY - 10 + 2);
    expect(received).toEqual(expectedSeries(h, 10, HISTORY + 1));
  });

  it('with no push for a while, the catch-up falls back to the server clock', async () => {
    const s = await open({ resumeAfter: { BTCUSDT: T0 + 9 * M }, firstPushTimeoutMs: 100 });
    await eventually('history backfill without any push', () => received.length === HISTORY - 10);
    expect(received).toEqual(expectedSeries(h, 10, HISTORY - 1));
    expect(s.stats().backfilled).toBe(HISTORY - 10);
  });

  it('after a dropped connection, backfills the candles missed meanwhile: no hole, no duplicate', async () => {
    const s = await open();
    await stepTimes(h.sim, 2);
    await eventually('2 candles', () => received.length === 2);
    h.sim.dropConnections('public');
    // These close while we are disconnected: their pushes are lost for good.
    await stepTimes(h.sim, 4);
    await eventually('reconnected', () => s.stats().connections === 2);
    await stepTimes(h.sim, 2);
    await eventually('backfilled and live again', () => received.length === 8);
    expect(received).toEqual(expectedSeries(h, HISTORY, HISTORY + 7));
    expect(s.stats().connections).toBe(2);
    expect(s.stats().backfilled).toBe(4);
  });

  it('a link that goes silent (no pong, no data) is detected and replaced', async () => {
    const s = await open({ staleAfterMs: 300, pingIntervalMs: 100_000 });
    await eventually('a second connection after the silence', () => s.stats().connections >= 2, 3_000);
    await stepTimes(h.sim, 2);
    await eventually('candles on the new link', () => received.length === 2);
    expect(received).toEqual(expectedSeries(h, HISTORY, HISTORY + 1));
  });

  it('duplicated and reordered pushes come out once each, in order', async () => {
    h.sim.setFaults([
      { kind: 'duplicatePush', topic: 'kline.1.BTCUSDT' },
      { kind: 'reorderPush', topic: 'kline.1.BTCUSDT', probability: 0.5, seed: 7, ms: 50 },
    ]);
    const s = await open();
    await stepTimes(h.sim, 8);
    await eventually('8 candles', () => received.length === 8, 5_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toEqual(expectedSeries(h, HISTORY, HISTORY + 7));
    expect(s.stats().dropped).toBeGreaterThan(0);
  });

  it('malformed frames are counted, reported and skipped; a lost candle is recovered by REST', async () => {
    // Break confirm pushes (the last push of each candle) a few times, both ways.
    h.sim.setFaults([
      { kind: 'malformedFrame', topic: 'kline.1.BTCUSDT', malformed: 'invalidJson', after: 3, count: 1 },
      { kind: 'malformedFrame', topic: 'kline.1.BTCUSDT', malformed: 'wrongShape', after: 9, count: 2 },
    ]);
    const s = await open();
    await stepTimes(h.sim, 6);
    await eventually('6 candles', () => received.length === 6, 5_000);
    expect(received).toEqual(expectedSeries(h, HISTORY, HISTORY + 5));
    expect(s.malformedCount).toBe(3);
    expect(malformed).toHaveLength(3);
    expect(malformed.some((r) => r === 'invalid JSON')).toBe(true);
  });

  it('a confirm push that is lost without a reconnect shows up as a hole and is backfilled', async () => {
    // Each 1-minute candle here is 4 path pushes then 1 confirm push: the 10th push is candle 2's confirm.
    h.sim.setFaults([{ kind: 'malformedFrame', topic: 'kline.1.BTCUSDT', malformed: 'invalidJson', after: 9, count: 1 }]);
    const s = await open();
    await stepTimes(h.sim, 4);
    await eventually('4 candles', () => received.length === 4, 5_000);
    expect(received).toEqual(expectedSeries(h, HISTORY, HISTORY + 3));
    expect(s.stats().backfilled).toBeGreaterThanOrEqual(1);
  });

  it('keeps going when REST backfill fails for a while (5xx), then fills the hole', async () => {
    const s = await open();
    await stepTimes(h.sim, 1);
    await eventually('1 candle', () => received.length === 1);
    h.sim.setFaults([{ kind: 'httpError', path: '/v5/market/kline', status: 502, count: 12 }]);
    h.sim.dropConnections('public');
    await stepTimes(h.sim, 3);
    await eventually('reconnected', () => s.stats().connections === 2);
    await stepTimes(h.sim, 1);
    await eventually('backfill through the errors, then live', () => received.length === 5, 8_000);
    expect(received).toEqual(expectedSeries(h, HISTORY, HISTORY + 4));
    expect(s.stats().gaps).toBe(0);
  });

});

describe('public stream against a running market (candles forming in real time)', () => {
  it('a reconnect mid-candle never emits the forming candle as closed', async () => {
    // 240x: a candle every 250 ms, each with forming pushes. The simulator's market/time is the
    // wall clock (its klines are in market time), so only the stream's own knowledge of what
    // has closed keeps a half-built candle out.
    const h = await startSim({ speed: 240, candles: 60 });
    const { logger } = memoryLogger();
    const rest = createBybitRest(h.config(), { logger, ...FAST });
    const received: ClosedCandle[] = [];
    const s = createPublicStream({ url: h.sim.wsPublicUrl, symbols: ['BTCUSDT'], backfill: rest, logger, ...WS_FAST, resumeAfter: { BTCUSDT: T0 + (HISTORY - 1) * M } });
    s.on('candle', (c) => received.push(c));
    try {
      s.start();
      await eventually('live candles', () => received.length >= 3);
      for (let i = 0; i < 3; i += 1) {
        await new Promise((r) => setTimeout(r, 120 + 90 * i)); // land inside a forming candle
        h.sim.dropConnections('public');
        await eventually('reconnected', () => s.stats().connections === i + 2);
      }
      const target = received.length + 3;
      await eventually('more live candles', () => received.length >= target);
    } finally {
      await s.close();
      await h.sim.close();
    }
    expect(received).toEqual(h.candles.slice(HISTORY, HISTORY + received.length));
  });
});
