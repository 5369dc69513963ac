import fc from 'fast-check';
import { DEFAULT_STRATEGY_CONFIG } from '@mast/contracts';
import { advanceIndicators, createIndicatorState, crosses24h, realizedVolatility } from './indicators';
import { classifyRegime, regimeOf } from './regime';

const { regime: regimeConfig, entry } = DEFAULT_STRATEGY_CONFIG;

describe('regimeOf: first match wins (defaults: volatile > 0.03, choppy > 12 crosses, quiet < 0.0015)', () => {
  it.each`
    emaSlow | rv        | crosses | regime        | why
    ${NaN}  | ${0.01}   | ${0}    | ${'WARMUP'}   | ${'slow EMA undefined'}
    ${100}  | ${NaN}    | ${0}    | ${'WARMUP'}   | ${'rv undefined'}
    ${100}  | ${0.0301} | ${20}   | ${'VOLATILE'} | ${'volatile wins over choppy'}
    ${100}  | ${0.03}   | ${0}    | ${'ACTIVE'}   | ${'rv exactly at volatileAbove is not above it'}
    ${100}  | ${0.01}   | ${13}   | ${'CHOPPY'}   | ${'the 13th cross in 24 h makes it choppy'}
    ${100}  | ${0.01}   | ${12}   | ${'ACTIVE'}   | ${'12 crosses are allowed'}
    ${100}  | ${0.001}  | ${13}   | ${'CHOPPY'}   | ${'choppy wins over quiet'}
    ${100}  | ${0.0014} | ${0}    | ${'QUIET'}    | ${'rv below quietBelow'}
    ${100}  | ${0.0015} | ${0}    | ${'ACTIVE'}   | ${'rv exactly at quietBelow is not below it'}
  `('$why -> $regime', ({ emaSlow, rv, crosses, regime }) => {
    expect(regimeOf(emaSlow, rv, crosses, regimeConfig, entry.maxCrosses24h)).toBe(regime);
  });
});

describe('classifyRegime agrees with regimeOf on the exact realized volatility', () => {
  const series = fc.record({
    window: fc.integer({ min: 2, max: 12 }),
    moves: fc.array(fc.oneof(fc.double({ min: -0.01, max: 0.01, noNaN: true }), fc.constant(0)), { minLength: 1, maxLength: 300 }),
    /** Which candle's exact rv becomes a threshold, to test the boundary itself. */
    pin: fc.nat(),
    side: fc.constantFrom('volatileAbove', 'quietBelow'),
  });

  it('at every candle, including thresholds set to the exact value seen at some candle', () => {
    fc.assert(
      fc.property(series, ({ window, moves, pin, side }) => {
        const probe = createIndicatorState({ fastPeriod: 1, slowPeriod: 1, volWindow: window });
        const rvs: number[] = [];
        let close = 100;
        moves.forEach((m, i) => {
          close *= 1 + m;
          advanceIndicators(probe, close, i * 60_000);
          rvs.push(realizedVolatility(probe));
        });
        const defined = rvs.filter((v) => !Number.isNaN(v));
        const pinned = defined.length ? defined[pin % defined.length]! : 0.01;
        const config = { ...regimeConfig, volatileAbove: 0.05, quietBelow: 0.001, [side]: pinned };
        if (config.quietBelow > config.volatileAbove) config.volatileAbove = config.quietBelow;

        const state = createIndicatorState({ fastPeriod: 1, slowPeriod: 1, volWindow: window });
        close = 100;
        moves.forEach((m, i) => {
          close *= 1 + m;
          advanceIndicators(state, close, i * 60_000);
          const fast = classifyRegime(state, config, 12);
          expect(fast).toBe(regimeOf(state.emaSlow, realizedVolatility(state), crosses24h(state), config, 12));
        });
      }),
      { numRuns: 300 },
    );
  });
});
