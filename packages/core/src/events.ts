import type { Regime } from '@mast/contracts';

/**
 * What the trading rules decide, as plain data. These are the `data` (plus `type`, `symbol` and
 * the decision time `T`) of the contracts' events: the services wrap them in the event envelope,
 * the backtest folds them directly. Names are past tense, like every event on the log.
 * Times are epoch milliseconds; `T` is always the close time of the candle that decided.
 */

export type CrossDirection = 'BEARISH' | 'BULLISH';
export type ExitReason = 'STOP_LOSS' | 'TAKE_PROFIT' | 'TIME_LIMIT' | 'REGIME' | 'EMERGENCY' | 'FLATTEN';
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';
export type CooldownRule = 'QUICK_EXIT' | 'LOSS_STREAK' | 'HOURLY' | 'DAILY';
export type EntryRejectionReason =
  | 'COOLDOWN'
  | 'HALTED'
  | 'REDUCING'
  | 'DAILY_LOSS_LOCK'
  | 'PAUSED'
  | 'QTY_BELOW_MIN'
  | 'EXPOSURE_CAP';

/** Indicator values at a candle; `null` while an indicator is still warming up. */
export interface IndicatorValues {
  readonly emaFast: number | null;
  readonly emaSlow: number | null;
  readonly rv: number | null;
  readonly crosses24h: number;
}

export interface EmaCrossed {
  readonly type: 'EmaCrossed';
  readonly symbol: string;
  readonly T: number;
  readonly direction: CrossDirection;
  readonly emaFast: number;
  readonly emaSlow: number;
  readonly crosses24h: number;
}

export interface RegimeChanged {
  readonly type: 'RegimeChanged';
  readonly symbol: string;
  readonly T: number;
  readonly from: Regime;
  readonly to: Regime;
  readonly indicators: IndicatorValues;
}

/** The indicator side of an entry holds at this candle: armed, fast < slow, close below both, ACTIVE. */
export interface EntrySignalled {
  readonly type: 'EntrySignalled';
  readonly symbol: string;
  readonly T: number;
  /** `T` of the bearish cross that armed the symbol; one entry per cross. */
  readonly crossT: number;
  readonly armedUntil: number;
  readonly close: number;
  readonly emaFast: number;
  readonly emaSlow: number;
}

export interface EntryRejected {
  readonly type: 'EntryRejected';
  readonly symbol: string;
  readonly T: number;
  readonly crossT: number;
  readonly reason: EntryRejectionReason;
}

export interface PositionOpened {
  readonly type: 'PositionOpened';
  readonly symbol: string;
  readonly T: number;
  readonly crossT: number;
  /** Sell fill after slippage: the entry price E. */
  readonly entryPrice: number;
  readonly qty: number;
  readonly entryFee: number;
  /** `E * (1 - exits.takeProfit)` and `E * (1 + exits.stopLoss)`, also for exchange-side protection. */
  readonly takeProfit: number;
  readonly stopLoss: number;
  readonly sizeFactor: number;
}

export interface PositionClosed {
  readonly type: 'PositionClosed';
  readonly symbol: string;
  readonly T: number;
  readonly reason: ExitReason;
  readonly entryT: number;
  readonly entryPrice: number;
  /** Buy fill after slippage: the exit price X. */
  readonly exitPrice: number;
  readonly qty: number;
  readonly entryFee: number;
  readonly exitFee: number;
  /** Net of both fees. */
  readonly pnl: number;
}

export interface CooldownStarted {
  readonly type: 'CooldownStarted';
  readonly symbol: string;
  readonly T: number;
  readonly rule: CooldownRule;
  /** The symbol's cooldown end after this rule: the max of the old end and `T + pause`. */
  readonly until: number;
}

export interface TradingStateChanged {
  readonly type: 'TradingStateChanged';
  readonly T: number;
  readonly from: TradingState;
  readonly to: TradingState;
  readonly drawdown: number;
  readonly equity: number;
  /** When `to` is REDUCING: the end of the block. */
  readonly blockedUntil: number | null;
}

export interface SizeFactorChanged {
  readonly type: 'SizeFactorChanged';
  readonly T: number;
  readonly sizeFactor: number;
  readonly drawdown: number;
}

export interface DailyLossLocked {
  readonly type: 'DailyLossLocked';
  readonly T: number;
  readonly day: number;
  readonly dayStartEquity: number;
  readonly equity: number;
  readonly loss: number;
}

export interface DailyLossUnlocked {
  readonly type: 'DailyLossUnlocked';
  readonly T: number;
  readonly day: number;
}

export type SignalEvent = EmaCrossed | RegimeChanged | EntrySignalled;
export type RiskEvent =
  | EntryRejected
  | PositionOpened
  | PositionClosed
  | CooldownStarted
  | TradingStateChanged
  | SizeFactorChanged
  | DailyLossLocked
  | DailyLossUnlocked;
export type CoreEvent = SignalEvent | RiskEvent;
export type CoreEventType = CoreEvent['type'];
