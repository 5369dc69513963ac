import type { StrategyConfig } from '@mast/contracts';
import { dayOf, MINUTE_MS, type Candle } from './candles';
import type { CoreEvent } from './events';
import { initialPortfolio, type Portfolio } from './portfolio';
import { applyEntry, applyExits, markPortfolio, type RiskCandle } from './risk';
import { advanceSignal, decideEntrySignal, disarm, initialSignalState, type SignalState } from './signal';

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

  const candle = scratch;
  candle.symbolIndex = symbolIndex;
  candle.T = T;
  candle.day = dayOf(ts);
  candle.open = open;
  candle.high = high;
  candle.low = low;
  candle.close = close;
  candle.regime = regime;

  const riskEmit = emit ?? ignore;
  applyExits(portfolio, candle, config, riskEmit);
  markPortfolio(portfolio, candle, config, riskEmit);
  if (portfolio.positions[symbolIndex]) return;
  const entry = decideEntrySignal(signal, close, T);
  if (!entry) return;
  if (emit) emit(entry);
  applyEntry(portfolio, candle, entry, config, riskEmit);
  if (portfolio.positions[symbolIndex]) disarm(signal);
}

function ignore(): void {}

/** Convenience for one-candle-at-a-time callers (services, tests). */
export function stepEngineCandle(state: EngineState, candle: Candle, emit: ((event: CoreEvent) => void) | null): void {
  const index = state.config.symbols.indexOf(candle.symbol);
  if (index < 0) throw new RangeError(`${candle.symbol} is not one of the configured symbols`);
  stepEngine(state, index, candle.ts, candle.open, candle.high, candle.low, candle.close, emit);
}
