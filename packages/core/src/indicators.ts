import { DAY_MS } from './candles';

/**
 * Per-symbol indicators of STRATEGY.md §1: the fast and slow EMA, their difference `d`, the
 * crosses of `d` through zero and how many fell in the last 24 h, and the realized volatility.
 *
 * The state is owned by one symbol's fold and advanced in place: it is the hottest path of a
 * backtest (millions of candles), so it keeps the return window in a typed ring buffer and
 * allocates nothing per candle. Every arithmetic step follows the spec's exact form and order,
 * because two implementations must agree to the last bit on when a threshold is crossed.
 */

export const Cross = { NONE: 0, BEARISH: 1, BULLISH: 2 } as const;
export type Cross = (typeof Cross)[keyof typeof Cross];

const SQRT_60 = Math.sqrt(60);

export interface IndicatorSettings {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly volWindow: number;
}

export interface IndicatorState {
  readonly settings: IndicatorSettings;
  readonly alphaFast: number;
  readonly alphaSlow: number;
  /** Candles seen so far. */
  count: number;
  /** Running sum of the first closes, in order, for seeding each EMA with its mean. */
  seedSum: number;
  /** NaN while undefined. */
  emaFast: number;
  emaSlow: number;
  /** `fast - slow` at this and the previous candle; NaN while undefined. */
  d: number;
  prevD: number;
  prevClose: number;
  /** The cross at the latest candle. */
  cross: Cross;
  /**
   * The last `volWindow` log returns, oldest at `returnHead`. Each return is written twice
   * (at i and i + volWindow) so the window is always the contiguous run
   * `returns[returnHead .. returnHead + volWindow)`.
   */
  readonly returns: Float64Array;
  returnHead: number;
  returnCount: number;
  /** Rolling sum of the window's returns and of their squares (re-summed exactly once per window). */
  rollingSum: number;
  rollingSquares: number;
  /** Candles since the rolling sums were last re-summed from scratch. */
  sinceResum: number;
  /** `count` at which `exactRv` was last computed, and its value. */
  exactRvAt: number;
  exactRvValue: number;
  /** Times of crosses still inside the 24 h window, oldest first, from `crossHead`. */
  readonly crossTimes: number[];
  crossHead: number;
}

export function createIndicatorState(settings: IndicatorSettings): IndicatorState {
  return {
    settings,
    alphaFast: 2 / (settings.fastPeriod + 1),
    alphaSlow: 2 / (settings.slowPeriod + 1),
    count: 0,
    seedSum: 0,
    emaFast: NaN,
    emaSlow: NaN,
    d: NaN,
    prevD: NaN,
    prevClose: NaN,
    cross: Cross.NONE,
    returns: new Float64Array(2 * settings.volWindow),
    returnHead: 0,
    returnCount: 0,
    rollingSum: 0,
    rollingSquares: 0,
    sinceResum: 0,
    exactRvAt: -1,
    exactRvValue: NaN,
    crossTimes: [],
    crossHead: 0,
  };
}

/** Crosses of this symbol with time in `(T - 24h, T]`, the current one included. */
export function crosses24h(state: IndicatorState): number {
  return state.crossTimes.length - state.crossHead;
}

/**
 * A cross needs `d` at this and the previous candle: bearish from `>= 0` to `< 0`, bullish from
 * `<= 0` to `> 0`. Comparisons with NaN (undefined `d`) are false, so warm-up never crosses.
 */
export function crossOf(prevD: number, d: number): Cross {
  if (prevD >= 0 && d < 0) return Cross.BEARISH;
  if (prevD <= 0 && d > 0) return Cross.BULLISH;
  return Cross.NONE;
}

function nextEma(ema: number, seedPeriod: number, alpha: number, close: number, count: number, seedSum: number): number {
  if (count < seedPeriod) return NaN;
  if (count === seedPeriod) return seedSum / seedPeriod;
  return ema + alpha * (close - ema);
}

/**
 * Realized volatility exactly as STRATEGY.md defines it: the sample standard deviation of the
 * window (the mean first, then the squared deviations, both summed in window order) times
 * sqrt(60). NaN until `volWindow` returns exist. Cached per candle.
 */
export function realizedVolatility(state: IndicatorState): number {
  if (state.exactRvAt === state.count) return state.exactRvValue;
  const n = state.settings.volWindow;
  let value = NaN;
  if (state.returnCount === n) {
    const returns = state.returns;
    const end = state.returnHead + n;
    let sum = 0;
    for (let i = state.returnHead; i < end; i++) sum += returns[i]!;
    const mean = sum / n;
    let squares = 0;
    for (let i = state.returnHead; i < end; i++) {
      const deviation = returns[i]! - mean;
      squares += deviation * deviation;
    }
    value = Math.sqrt(squares / (n - 1)) * SQRT_60;
  }
  state.exactRvAt = state.count;
  state.exactRvValue = value;
  return value;
}

/**
 * Whether the realized volatility is above (`+1`), below (`-1`) or equal to (`0`) `threshold`,
 * exactly as `realizedVolatility` would say. Classifying the regime needs only these
 * comparisons, and recomputing the window's deviations at every candle is most of a backtest's
 * time; so the comparison is made on the rolling sums (O(1)) unless they land within a
 * relative 1e-7 of the threshold, where their float error (about 1e-13 here, the sums being
 * re-summed exactly once per window) could matter, and then on the exact value.
 * Call only once `volWindow` returns exist.
 */
export function compareVolatility(state: IndicatorState, threshold: number): -1 | 0 | 1 {
  const n = state.settings.volWindow;
  const sum = state.rollingSum;
  const centered = state.rollingSquares - (sum * sum) / n;
  // Heavy cancellation (a window that barely moves relative to its drift) voids the estimate.
  if (centered > 1e-6 * state.rollingSquares) {
    const approx = Math.sqrt(centered / (n - 1)) * SQRT_60;
    if (Math.abs(approx - threshold) > 1e-7 * Math.max(approx, Math.abs(threshold))) return approx > threshold ? 1 : -1;
  }
  const exact = realizedVolatility(state);
  return exact > threshold ? 1 : exact < threshold ? -1 : 0;
}

/** Advances the indicators by one closed candle whose decision time is `T`. */
export function advanceIndicators(state: IndicatorState, close: number, T: number): void {
  const { fastPeriod, slowPeriod, volWindow } = state.settings;
  const count = state.count + 1;
  state.count = count;
  if (count <= fastPeriod || count <= slowPeriod) state.seedSum += close;
  state.emaFast = nextEma(state.emaFast, fastPeriod, state.alphaFast, close, count, state.seedSum);
  state.emaSlow = nextEma(state.emaSlow, slowPeriod, state.alphaSlow, close, count, state.seedSum);

  state.prevD = state.d;
  state.d = state.emaFast - state.emaSlow; // NaN while either is undefined
  state.cross = crossOf(state.prevD, state.d);

  const times = state.crossTimes;
  if (state.cross !== Cross.NONE) times.push(T);
  const windowStart = T - DAY_MS;
  while (state.crossHead < times.length && times[state.crossHead]! <= windowStart) state.crossHead++;
  if (state.crossHead > 64 && state.crossHead * 2 > times.length) {
    times.splice(0, state.crossHead);
    state.crossHead = 0;
  }

  if (count > 1) {
    const r = Math.log(close / state.prevClose);
    const returns = state.returns;
    if (state.returnCount < volWindow) {
      returns[state.returnCount] = r;
      returns[state.returnCount + volWindow] = r;
      state.returnCount++;
      state.rollingSum += r;
      state.rollingSquares += r * r;
    } else {
      const head = state.returnHead;
      const oldest = returns[head]!;
      returns[head] = r; // the oldest slot takes the newest return; the window moves up by one
      returns[head + volWindow] = r;
      state.returnHead = head + 1 === volWindow ? 0 : head + 1;
      if (++state.sinceResum === volWindow) {
        state.sinceResum = 0;
        let sum = 0;
        let squares = 0;
        for (let i = state.returnHead, end = state.returnHead + volWindow; i < end; i++) {
          const x = returns[i]!;
          sum += x;
          squares += x * x;
        }
        state.rollingSum = sum;
        state.rollingSquares = squares;
      } else {
        state.rollingSum += r - oldest;
        state.rollingSquares += r * r - oldest * oldest;
      }
    }
  }
  state.prevClose = close;
}
