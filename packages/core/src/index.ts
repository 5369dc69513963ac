export { MINUTE_MS, HOUR_MS, DAY_MS, dayOf, closeTimeOf } from './candles';
export type { Candle, CandleColumns } from './candles';
export type {
  CrossDirection,
  ExitReason,
  TradingState,
  CooldownRule,
  EntryRejectionReason,
  IndicatorValues,
  EmaCrossed,
  RegimeChanged,
  EntrySignalled,
  EntryRejected,
  PositionOpened,
  PositionClosed,
  CooldownStarted,
  TradingStateChanged,
  SizeFactorChanged,
  DailyLossLocked,
  DailyLossUnlocked,
  SignalEvent,
  RiskEvent,
  CoreEvent,
  CoreEventType,
} from './events';
export type { Trade, OpenPosition, FoldResult } from './backtest-types';
export { Cross, crossOf, createIndicatorState, advanceIndicators, crosses24h, realizedVolatility, compareVolatility } from './indicators';
export type { IndicatorSettings, IndicatorState } from './indicators';
export { classifyRegime, regimeOf } from './regime';
export { initialSignalState, advanceSignal, decideEntrySignal, entryConditionsHold, indicatorValues } from './signal';
export type { SignalState } from './signal';
export { decideExit, buyFillWithSlippage, sellFillWithSlippage } from './exits';
export type { ExitDecision } from './exits';
export { entryQuantity, withinExposureCap } from './sizing';
export { initialCooldownState, inCooldown, recordClosedTrade } from './cooldowns';
export type { CooldownState } from './cooldowns';
export type { Position } from './position';
export { initialPortfolio, markedEquity, openNotional } from './portfolio';
export type { Portfolio } from './portfolio';
export { applyExits, markPortfolio, applyEntry, entryBlocker, closePosition, bookClose, closeAllAtLastClose } from './risk';
export type { RiskCandle, RiskEmit } from './risk';
export { initialEngineState, stepEngine, stepRisk, stepEngineCandle, CandleOrderError } from './engine';
export type { EngineState } from './engine';
export { runFold, SymbolMismatchError } from './fold';
export type { FoldOptions } from './fold';
export { applyControl, UnknownSymbolError } from './controls';
export type { OperatorControl } from './controls';
