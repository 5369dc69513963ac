import type { ClosedCandle } from './closed-candle';
import { fetchCandleRange, lastClosedCandleTs } from './paginate-candles';

const M = 60_000;
const T0 = 1_699_999_980_000;
const series = (count: number): ClosedCandle[] =>
  Array.from({ length: count }, (_, i) => ({ symbol: 'ETHUSDT', ts: T0 + i * M, open: i, high: i, low: i, close: i, volume: i }));

/** Bybit fills a page from `end` backwards when the range holds more than `limit`. */
function endAnchored(all: readonly ClosedCandle[], calls: [number, number, number][]) {
  return async (start: number, end: number, limit: number) => {
    calls.push([start, end, limit]);
    return all.filter((c) => c.ts >= start && c.ts <= end).slice(-limit).reverse();
  };
}
/** A server that fills from `start` forwards instead. */
function startAnchored(all: readonly ClosedCandle[]) {
  return async (start: number, end: number, limit: number) => all.filter((c) => c.ts >= start && c.ts <= end).slice(0, limit);
}

describe('fetchCandleRange', () => {
  it.each([
    ['end-anchored pages', endAnchored],
    ['start-anchored pages', startAnchored],
  ] as const)('returns every candle of a long range exactly once with %s', async (_name, server) => {
    const all = series(2_500);
    const got = await fetchCandleRange(server(all, []), T0 + 10 * M, T0 + 2_345 * M, 1000);
    expect(got.map((c) => c.ts)).toEqual(all.slice(10, 2_346).map((c) => c.ts));
  });

  it('asks for windows of exactly one page, with `end` inside the last wanted minute', async () => {
    const calls: [number, number, number][] = [];
    await fetchCandleRange(endAnchored(series(30), calls), T0, T0 + 24 * M, 10);
    expect(calls).toEqual([
      [T0, T0 + 9 * M + M - 1, 10],
      [T0 + 10 * M, T0 + 19 * M + M - 1, 10],
      [T0 + 20 * M, T0 + 24 * M + M - 1, 10],
    ]);
  });

  it('rounds a mid-minute since up and an until down, and returns nothing for an empty range', async () => {
    const all = series(10);
    const got = await fetchCandleRange(endAnchored(all, []), T0 + 2 * M + 1, T0 + 5 * M + 59_000, 1000);
    expect(got.map((c) => (c.ts - T0) / M)).toEqual([3, 4, 5]);
    const calls: [number, number, number][] = [];
    expect(await fetchCandleRange(endAnchored(all, calls), T0 + 6 * M, T0 + 5 * M, 1000)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('ignores rows outside the window a server should not have sent', async () => {
    const all = series(10);
    const sloppy = async () => all;
    const got = await fetchCandleRange(sloppy, T0 + 3 * M, T0 + 4 * M, 1000);
    expect(got.map((c) => (c.ts - T0) / M)).toEqual([3, 4]);
  });
});

describe('lastClosedCandleTs', () => {
  it.each([
    [T0 + 5 * M, T0 + 4 * M],
    [T0 + 5 * M + 1, T0 + 4 * M],
    [T0 + 6 * M - 1, T0 + 4 * M],
  ])('at server time %i the newest closed candle opened at %i', (now, expected) => {
    expect(lastClosedCandleTs(now)).toBe(expected);
  });
});

describe('fetchCandleRange end of data', () => {
  it('stops at the first window without candles, even when untilTs is far later', async () => {
    const calls: [number, number, number][] = [];
    const got = await fetchCandleRange(endAnchored(series(25), calls), T0, T0 + 1_000_000 * M, 10);
    expect(got).toHaveLength(25);
    // three windows with data (10, 10, 5), then one empty window that ends the walk
    expect(calls).toHaveLength(4);
  });
});
