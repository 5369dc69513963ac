import { advanceIndicators, createIndicatorState, Cross, crossOf, crosses24h, realizedVolatility } from './indicators';

const MIN = 60_000;
const DAY = 86_400_000;

describe('crossOf: a cross needs d at this and the previous candle', () => {
  it.each`
    prevD  | d      | cross            | why
    ${1}   | ${-1}  | ${Cross.BEARISH} | ${'plain bearish cross'}
    ${0}   | ${-1}  | ${Cross.BEARISH} | ${'d_prev == 0 counts as >= 0'}
    ${1}   | ${0}   | ${Cross.NONE}    | ${'d == 0 is not < 0'}
    ${0}   | ${0}   | ${Cross.NONE}    | ${'zero to zero is no cross'}
    ${-1}  | ${0}   | ${Cross.NONE}    | ${'d == 0 is not > 0'}
    ${0}   | ${1}   | ${Cross.BULLISH} | ${'d_prev == 0 counts as <= 0'}
    ${-1}  | ${1}   | ${Cross.BULLISH} | ${'plain bullish cross'}
    ${-1}  | ${-2}  | ${Cross.NONE}    | ${'stays below'}
    ${NaN} | ${-1}  | ${Cross.NONE}    | ${'previous d undefined'}
    ${1}   | ${NaN} | ${Cross.NONE}    | ${'d undefined'}
  `('$why: ($prevD, $d) -> $cross', ({ prevD, d, cross }) => {
    expect(crossOf(prevD, d)).toBe(cross);
  });
});

describe('EMA seeding and update', () => {
  it('is undefined for n-1 candles, the mean of the first n closes at the n-th, then ema + alpha * (close - ema)', () => {
    const state = createIndicatorState({ fastPeriod: 2, slowPeriod: 3, volWindow: 2 });
    advanceIndicators(state, 10, MIN);
    expect(state.emaFast).toBeNaN();
    expect(state.emaSlow).toBeNaN();
    advanceIndicators(state, 20, 2 * MIN);
    expect(state.emaFast).toBe(15); // (10 + 20) / 2
    expect(state.emaSlow).toBeNaN();
    advanceIndicators(state, 40, 3 * MIN);
    expect(state.emaFast).toBe(15 + (2 / 3) * (40 - 15));
    expect(state.emaSlow).toBe((10 + 20 + 40) / 3);
    expect(state.d).toBe(state.emaFast - state.emaSlow);
    expect(state.prevD).toBeNaN(); // d was undefined at the previous candle: no cross possible yet
    expect(state.cross).toBe(Cross.NONE);
    const fast = state.emaFast;
    const slow = state.emaSlow;
    advanceIndicators(state, 5, 4 * MIN);
    expect(state.emaFast).toBe(fast + (2 / 3) * (5 - fast));
    expect(state.emaSlow).toBe(slow + 0.5 * (5 - slow));
  });

  it('reports a bearish cross when d turns negative after both are defined', () => {
    const state = createIndicatorState({ fastPeriod: 1, slowPeriod: 2, volWindow: 2 });
    for (const [i, close] of [100, 110, 90].entries()) advanceIndicators(state, close, (i + 1) * MIN);
    // fast follows the close; slow: 105 at candle 2, then 105 + 2/3 * (90 - 105) = 95 at candle 3
    expect(state.prevD).toBe(110 - 105);
    expect(state.d).toBeLessThan(0);
    expect(state.cross).toBe(Cross.BEARISH);
  });
});

describe('realized volatility', () => {
  it('is the sample standard deviation of the last volWindow log returns times sqrt(60), undefined before', () => {
    const state = createIndicatorState({ fastPeriod: 1, slowPeriod: 1, volWindow: 3 });
    const closes = [100, 101, 99, 102, 102];
    const seen: number[] = [];
    closes.forEach((close, i) => {
      advanceIndicators(state, close, (i + 1) * MIN);
      seen.push(realizedVolatility(state));
    });
    expect(seen.slice(0, 3).every(Number.isNaN)).toBe(true); // 0, 1 and 2 returns
    const sampleStd = (r: number[]) => {
      const mean = r.reduce((a, b) => a + b, 0) / r.length;
      return Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / (r.length - 1));
    };
    const returns = closes.slice(1).map((c, i) => Math.log(c / closes[i]!));
    expect(seen[3]).toBeCloseTo(sampleStd(returns.slice(0, 3)) * Math.sqrt(60), 15);
    expect(seen[4]).toBeCloseTo(sampleStd(returns.slice(1, 4)) * Math.sqrt(60), 15);
  });
});

describe('crosses24h counts crosses in (T - 24h, T]', () => {
  // fast = the close and slow = EMA(2), so each turn of the closes around the slow EMA crosses.
  const run = (candles: [T: number, close: number][]) => {
    const state = createIndicatorState({ fastPeriod: 1, slowPeriod: 2, volWindow: 2 });
    return candles.map(([T, close]) => {
      advanceIndicators(state, close, T);
      return { cross: state.cross, count: crosses24h(state) };
    });
  };

  it('keeps a cross 24 h minus a minute old and drops it at exactly 24 h', () => {
    const out = run([
      [1 * MIN, 100],
      [2 * MIN, 120], // d = 120 - 110 > 0
      [3 * MIN, 100], // slow = 110 + 2/3 * (100 - 110) = 103.3: d < 0, bearish cross at 3 min
      [3 * MIN + DAY - MIN, 99], // keeps falling: no cross, window (2 min, ...] still holds 3 min
      [3 * MIN + DAY, 98], // window (3 min, ...]: the cross at 3 min has left
    ]);
    expect(out.map((o) => o.cross)).toEqual([Cross.NONE, Cross.NONE, Cross.BEARISH, Cross.NONE, Cross.NONE]);
    expect(out.map((o) => o.count)).toEqual([0, 0, 1, 1, 0]);
  });

  it('counts the current cross', () => {
    const out = run([[MIN, 100], [2 * MIN, 120], [3 * MIN, 100], [4 * MIN, 120]]);
    expect(out.map((o) => o.cross)).toEqual([Cross.NONE, Cross.NONE, Cross.BEARISH, Cross.BULLISH]);
    expect(out[3]!.count).toBe(2);
  });
});
