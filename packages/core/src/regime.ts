import type { Regime, StrategyConfig } from '@mast/contracts';
import { compareVolatility, crosses24h, type IndicatorState } from './indicators';

/** STRATEGY.md §2 on plain values (NaN = undefined): the first matching row wins. */
export function regimeOf(emaSlow: number, rv: number, crosses: number, config: StrategyConfig['regime'], maxCrosses24h: number): Regime {
  if (Number.isNaN(emaSlow) || Number.isNaN(rv)) return 'WARMUP';
  if (rv > config.volatileAbove) return 'VOLATILE';
  if (crosses > maxCrosses24h) return 'CHOPPY';
  if (rv < config.quietBelow) return 'QUIET';
  return 'ACTIVE';
}

/**
 * The same rule on a symbol's indicator state, without computing the volatility's window
 * sums at every candle (see `compareVolatility`); it always agrees with `regimeOf` on the
 * exact `realizedVolatility`.
 */
export function classifyRegime(indicators: IndicatorState, config: StrategyConfig['regime'], maxCrosses24h: number): Regime {
  if (Number.isNaN(indicators.emaSlow) || indicators.returnCount < indicators.settings.volWindow) return 'WARMUP';
  if (compareVolatility(indicators, config.volatileAbove) > 0) return 'VOLATILE';
  if (crosses24h(indicators) > maxCrosses24h) return 'CHOPPY';
  if (compareVolatility(indicators, config.quietBelow) < 0) return 'QUIET';
  return 'ACTIVE';
}
