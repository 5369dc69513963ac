import fc from 'fast-check';
import type { CandleColumns } from '@mast/core';
import { downsampleCloses, equityCsvStepMinutes, equityRows, M4Downsampler, m4BucketWidth } from './downsample';

const M = 60_000;

describe('M4Downsampler', () => {
  it('keeps first, min, max and last of each bucket, in x order, without duplicates', () => {
    const sampler = new M4Downsampler(0, 10);
    const points: [number, number][] = [[0, 5], [1, 9], [2, 1], [3, 4], [10, 7], [15, 7], [25, 3]];
    for (const [x, y] of points) sampler.add(x, y);
    // bucket 0: first (0,5), max (1,9), min (2,1), last (3,4); bucket 1: first (10,7) = min = max, last (15,7); bucket 2: (25,3)
    expect(sampler.finish()).toEqual({ x: [0, 1, 2, 3, 10, 15, 25], y: [5, 9, 1, 4, 7, 7, 3] });
  });

  it('keeps the extremes and stays within 4 points per bucket (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 500 }), fc.integer({ min: 4, max: 200 }), (ys, maxPoints) => {
        const width = m4BucketWidth(0, ys.length - 1, maxPoints);
        const sampler = new M4Downsampler(0, width);
        ys.forEach((y, x) => sampler.add(x, y));
        const { x, y } = sampler.finish();
        expect(x.length).toBeLessThanOrEqual(Math.max(4, maxPoints));
        expect(Math.min(...y)).toBe(Math.min(...ys));
        expect(Math.max(...y)).toBe(Math.max(...ys));
        expect(x[0]).toBe(0);
        expect(x[x.length - 1]).toBe(ys.length - 1);
        for (let i = 1; i < x.length; i++) expect(x[i]!).toBeGreaterThan(x[i - 1]!);
      }),
    );
  });
});

describe('downsampleCloses', () => {
  it('splits the merged columns per symbol at close time T', () => {
    const columns: CandleColumns = {
      symbols: ['BTCUSDT', 'ETHUSDT'],
      length: 4,
      symbolIndex: Uint8Array.of(0, 1, 0, 1),
      ts: Float64Array.of(0, 0, M, M),
      open: new Float64Array(4),
      high: new Float64Array(4),
      low: new Float64Array(4),
      close: Float64Array.of(100, 2000, 101, 1990),
      volume: new Float64Array(4),
    };
    expect(downsampleCloses(columns, 4000)).toEqual([
      { x: [M, 2 * M], y: [100, 101] },
      { x: [M, 2 * M], y: [2000, 1990] },
    ]);
  });
});

describe('equity.csv rows', () => {
  it('picks 1 minute up to 250k minutes, then coarser steps', () => {
    expect(equityCsvStepMinutes(51 * 1440 * M)).toBe(1);
    expect(equityCsvStepMinutes(250_000 * M)).toBe(1);
    expect(equityCsvStepMinutes(250_001 * M)).toBe(5);
    expect(equityCsvStepMinutes(730 * 1440 * M)).toBe(5); // two years: 210,240 rows
    expect(equityCsvStepMinutes(1000 * 1440 * M)).toBe(15);
  });

  it('takes the last row of each minute (after every symbol) per step', () => {
    // two symbols per minute, minutes 0..2
    const ts = Float64Array.of(0, 0, M, M, 2 * M, 2 * M);
    const equity = Float64Array.of(1, 2, 3, 4, 5, 6);
    const drawdown = Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
    const perMinute = equityRows(ts, equity, drawdown, 1);
    expect([...perMinute.T]).toEqual([M, 2 * M, 3 * M]);
    expect([...perMinute.equity]).toEqual([2, 4, 6]);
    expect([...perMinute.drawdown]).toEqual([0.2, 0.4, 0.6]);
  });

  it('aligns coarser steps to the epoch by close time', () => {
    // candles opening at minutes 3..12: close times 4..13; 5-minute steps end at 5, 10, 15
    const ts = Float64Array.from({ length: 10 }, (_, i) => (i + 3) * M);
    const values = Float64Array.from({ length: 10 }, (_, i) => i);
    const rows = equityRows(ts, values, values, 5);
    expect([...rows.T].map((t) => t / M)).toEqual([5, 10, 13]);
    expect([...rows.equity]).toEqual([1, 6, 9]);
  });
});
