import type { Regime, StrategyConfig } from '@mast/contracts';
import { MINUTE_MS } from './candles';
import type { EmaCrossed, EntrySignalled, IndicatorValues, RegimeChanged, SignalEvent } from './events';
import { advanceIndicators, createIndicatorState, Cross, crosses24h, realizedVolatility, type IndicatorState } from './indicators';
import { classifyRegime } from './regime';

/**
 * The signal side of one symbol: indicators (§1), regime (§2) and entry arming (§5, first
 * bullet). It decides EmaCrossed, RegimeChanged and EntrySignalled; what the portfolio allows
 * (cooldowns, trading state, exposure, sizing) is the risk side's decision.
 */
export interface SignalState {
  readonly symbol: string;
  readonly indicators: IndicatorState;
  regime: Regime;
  /** NaN while disarmed. Inclusive: an entry may happen at `T == armedUntil`. */
  armedUntil: number;
  /** `T` of the bearish cross that armed the symbol (NaN while disarmed). */
  crossT: number;
}

export function initialSignalState(symbol: string, config: StrategyConfig): SignalState {
  return {
    symbol,
    indicators: createIndicatorState({ fastPeriod: config.ema.fast, slowPeriod: config.ema.slow, volWindow: config.regime.volWindow }),
    regime: 'WARMUP',
    armedUntil: NaN,
    crossT: NaN,
  };
}

const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);

export function indicatorValues(state: SignalState): IndicatorValues {
  const ind = state.indicators;
  return { emaFast: orNull(ind.emaFast), emaSlow: orNull(ind.emaSlow), rv: orNull(realizedVolatility(ind)), crosses24h: crosses24h(ind) };
}

/** Whether the indicator side of an entry holds at `T` (after `advanceSignal` for this candle). */
export function entryConditionsHold(state: SignalState, close: number, T: number): boolean {
  const { emaFast, emaSlow } = state.indicators;
  return (
    T <= state.armedUntil && // false while disarmed (NaN)
    emaFast < emaSlow &&
    close < Math.min(emaFast, emaSlow) &&
    state.regime === 'ACTIVE'
  );
}

/**
 * Folds one closed candle into the symbol's signal state and returns what it decided, in the
 * order cross, regime change, entry signal. `emit` receives each decision; nothing is allocated
 * when nothing happens. Returns the regime at this candle.
 */
export function advanceSignal(
  state: SignalState,
  close: number,
  T: number,
  config: StrategyConfig,
  emit: ((event: SignalEvent) => void) | null,
): Regime {
  const ind = state.indicators;
  advanceIndicators(ind, close, T);
  const regime = classifyRegime(ind, config.regime, config.entry.maxCrosses24h);

  if (ind.cross !== Cross.NONE) {
    if (ind.cross === Cross.BEARISH) {
      state.armedUntil = T + config.entry.windowMinutes * MINUTE_MS;
      state.crossT = T;
    } else {
      state.armedUntil = NaN;
      state.crossT = NaN;
    }
    if (emit) {
      const crossed: EmaCrossed = {
        type: 'EmaCrossed',
        symbol: state.symbol,
        T,
        direction: ind.cross === Cross.BEARISH ? 'BEARISH' : 'BULLISH',
        emaFast: ind.emaFast,
        emaSlow: ind.emaSlow,
        crosses24h: crosses24h(ind),
      };
      emit(crossed);
    }
  }
  if (regime !== state.regime) {
    const from = state.regime;
    state.regime = regime;
    if (emit) {
      const changed: RegimeChanged = { type: 'RegimeChanged', symbol: state.symbol, T, from, to: regime, indicators: indicatorValues(state) };
      emit(changed);
    }
  }
  return regime;
}

/** The EntrySignalled decision for this candle, or null when the indicator side does not hold. */
export function decideEntrySignal(state: SignalState, close: number, T: number): EntrySignalled | null {
  if (!entryConditionsHold(state, close, T)) return null;
  const { emaFast, emaSlow } = state.indicators;
  return { type: 'EntrySignalled', symbol: state.symbol, T, crossT: state.crossT, armedUntil: state.armedUntil, close, emaFast, emaSlow };
}

