import type { Regime, StrategyConfig } from '@mast/contracts';
import { dayOf, MINUTE_MS, type Candle } from './candles';
import type { CoreEvent, EntrySignalled } from './events';
import { initialPortfolio, type Portfolio } from './portfolio';
import { applyEntry, applyExits, markPortfolio, type RiskCandle, type RiskEmit } from './risk';
import { advanceSignal, decideEntrySignal, initialSignalState, type SignalState } from './signal';

/**
 * The whole rule set for one portfolio: each closed candle goes through STRATEGY.md's steps
 * 1-5 completely before the next. The backtest folds candles through it; the services run the
 * same functions, split along the signal/risk line.
 */
export interface EngineState {
  readonly config: StrategyConfig;
  readonly signals: SignalState[];
  readonly portfolio: Portfolio;
  /** Candles processed. */
  candles: number;
  /** `ts` of the last candle processed (candles must come in order). */
  lastTs: number;
  lastSymbolIndex: number;
}

export function initialEngineState(config: StrategyConfig): EngineState {
  return {
    config,
    signals: config.symbols.map((symbol) => initialSignalState(symbol, config)),
    portfolio: initialPortfolio(config),
    candles: 0,
    lastTs: -Infinity,
    lastSymbolIndex: -1,
  };
}

export class CandleOrderError extends Error {
  override readonly name = 'CandleOrderError';
}

/** A mutable candle view reused across calls so that the hot loop allocates nothing. */
type MutableRiskCandle = { -readonly [K in keyof RiskCandle]: RiskCandle[K] };

const scratch: MutableRiskCandle = { symbolIndex: 0, T: 0, day: 0, open: 0, high: 0, low: 0, close: 0, regime: 'WARMUP' };

/**
 * Processes one closed candle of `config.symbols[symbolIndex]`. Candles must arrive ordered by
 * `ts`, then symbol index; anything else would make the result depend on delivery order, so
 * it throws. `emit` (nullable, for speed) receives every decision in order.
 */
export function stepEngine(
  state: EngineState,
  symbolIndex: number,
  ts: number,
  open: number,
  high: number,
  low: number,
  close: number,
  emit: ((event: CoreEvent) => void) | null,
): void {
  if (ts < state.lastTs || (ts === state.lastTs && symbolIndex <= state.lastSymbolIndex)) {
    throw new CandleOrderError(`candle ${state.config.symbols[symbolIndex]} ${ts} arrived after ${state.config.symbols[state.lastSymbolIndex]} ${state.lastTs}`);
  }
  state.lastTs = ts;
  state.lastSymbolIndex = symbolIndex;
  state.candles++;

  const { config, portfolio } = state;
  const signal = state.signals[symbolIndex]!;
  const T = ts + MINUTE_MS;
  const regime = advanceSignal(signal, close, T, config, emit);

  // The signal side knows nothing of positions (as in the services): it signals whenever the
  // indicator side holds, and the risk side ignores a signal while the symbol holds a position
  // or whose cross was already used by an entry ("an entry disarms it").
  const entry = decideEntrySignal(signal, close, T);
  if (entry && emit) emit(entry);
  stepRisk(portfolio, config, symbolIndex, ts, open, high, low, close, regime, entry, emit ?? ignore);
}

/**
 * The risk side of one candle, steps 3-5: exits, marking and tiers, then the entry when the
 * signal side signalled one at this candle. The backtest reaches it through `stepEngine`; the risk
 * service calls it with the regime and entry signal the signal service assessed.
 */
export function stepRisk(
  portfolio: Portfolio,
  config: StrategyConfig,
  symbolIndex: number,
  ts: number,
  open: number,
  high: number,
  low: number,
  close: number,
  regime: Regime,
  entry: EntrySignalled | null,
  emit: RiskEmit,
): void {
  const candle = scratch;
  candle.symbolIndex = symbolIndex;
  candle.T = ts + MINUTE_MS;
  candle.day = dayOf(ts);
  candle.open = open;
  candle.high = high;
  candle.low = low;
  candle.close = close;
  candle.regime = regime;
  applyExits(portfolio, candle, config, emit);
  markPortfolio(portfolio, candle, config, emit);
  // The signal was decided before this candle's exit: a symbol that just exited is flat and may
  // enter again, one whose position is still open may not.
  if (entry && !portfolio.positions[symbolIndex]) applyEntry(portfolio, candle, entry, config, emit);
}

function ignore(): void {}

/** Convenience for one-candle-at-a-time callers (services, tests). */
export function stepEngineCandle(state: EngineState, candle: Candle, emit: ((event: CoreEvent) => void) | null): void {
  const index = state.config.symbols.indexOf(candle.symbol);
  if (index < 0) throw new RangeError(`${candle.symbol} is not one of the configured symbols`);
  stepEngine(state, index, candle.ts, candle.open, candle.high, candle.low, candle.close, emit);
}
