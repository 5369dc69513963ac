import { config, recorder } from '../test/kit';
import { advanceSignal, decideEntrySignal, initialSignalState, type SignalState } from './signal';

const MIN = 60_000;
// Tiny periods so that crosses happen within a few candles; the regime is ACTIVE once warm.
const cfg = config({
  ema: { fast: 2, slow: 3 },
  regime: { volWindow: 2, quietBelow: 0, volatileAbove: 1e9 },
  entry: { windowMinutes: 15, maxCrosses24h: 1000 },
});

/**
 * Arms BTC with a bearish cross at T = 5 min: closes 100, 100, 100, 130, 90 give
 * fast (EMA 2) 100, 100, 120, 100 and slow (EMA 3) 100, 115, 102.5 from the 3rd candle, so
 * d goes 0, 5, -2.5.
 */
function armed(): SignalState {
  const state = initialSignalState('BTCUSDT', cfg);
  [100, 100, 100, 130, 90].forEach((close, i) => advanceSignal(state, close, (i + 1) * MIN, cfg, null));
  return state;
}

describe('arming', () => {
  it('a bearish cross arms until T + 15 min', () => {
    const state = armed();
    expect(state.crossT).toBe(5 * MIN);
    expect(state.armedUntil).toBe(20 * MIN);
  });

  it.each`
    T             | signals  | why
    ${20 * MIN}   | ${true}  | ${'entry at exactly T == armedUntil'}
    ${21 * MIN}   | ${false} | ${'a minute after armedUntil'}
  `('$why', ({ T, signals }) => {
    const state = armed();
    // keep falling: fast 86.7 < slow 91.25 and the close 80 is under both
    advanceSignal(state, 80, T, cfg, null);
    expect(decideEntrySignal(state, 80, T) !== null).toBe(signals);
  });

  it('needs the close below both EMAs (the raw close)', () => {
    const state = armed();
    advanceSignal(state, 80, 6 * MIN, cfg, null);
    expect(decideEntrySignal(state, 80, 6 * MIN)).not.toBeNull();
    expect(decideEntrySignal(state, 88, 6 * MIN)).toBeNull(); // 88 is above fast (86.7) though under slow (91.25)
  });

  it('a bullish cross disarms; a new bearish cross re-arms with its own time', () => {
    const state = armed();
    const r = recorder();
    advanceSignal(state, 130, 6 * MIN, cfg, r.emit); // fast 120 > slow 116.25
    expect(r.ofType('EmaCrossed').map((e) => e.direction)).toEqual(['BULLISH']);
    expect(state.armedUntil).toBeNaN();
    advanceSignal(state, 90, 7 * MIN, cfg, r.emit); // fast 100 < slow 103.125
    expect(state.crossT).toBe(7 * MIN);
    expect(state.armedUntil).toBe(22 * MIN);
  });

  it('emits a regime change when the regime moves', () => {
    const state = initialSignalState('BTCUSDT', cfg);
    const r = recorder();
    [100, 101, 102].forEach((close, i) => advanceSignal(state, close, (i + 1) * MIN, cfg, r.emit));
    expect(r.ofType('RegimeChanged').map((e) => [e.from, e.to, e.T])).toEqual([['WARMUP', 'ACTIVE', 3 * MIN]]);
  });
});
