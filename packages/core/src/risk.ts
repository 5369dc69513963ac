import type { Regime, StrategyConfig } from '@mast/contracts';
import { recordClosedTrade, inCooldown } from './cooldowns';
import type { EntryRejectionReason, EntrySignalled, ExitReason, PositionClosed, RiskEvent, TradingState } from './events';
import { buyFillWithSlippage, decideExit, sellFillWithSlippage } from './exits';
import { markedEquity, openNotional, type Portfolio } from './portfolio';
import { entryQuantity, withinExposureCap } from './sizing';

/** What the risk side needs to know about one closed candle. */
export interface RiskCandle {
  readonly symbolIndex: number;
  /** Decision time: the candle's close. */
  readonly T: number;
  /** UTC day of the candle's open time. */
  readonly day: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** The symbol's regime at this candle (from the signal side). */
  readonly regime: Regime;
}

export type RiskEmit = (event: RiskEvent) => void;

/** Books the close of the position on `symbolIndex` at raw fill `fill` (slippage is applied here). */
export function closePosition(
  portfolio: Portfolio,
  symbolIndex: number,
  fill: number,
  reason: ExitReason,
  T: number,
  day: number,
  config: StrategyConfig,
  emit: RiskEmit,
): void {
  const position = portfolio.positions[symbolIndex];
  if (!position) return;
  const X = buyFillWithSlippage(fill, config.slippageBps);
  bookClose(portfolio, symbolIndex, X, config.fees.taker * X * position.qty, reason, T, day, config, emit);
}

/**
 * Books a close at buy price `X` with exit fee `exitFee`: the rules' own fill, or a fill the
 * exchange reported (a stop that fired on the exchange side). Applies the cooldown rules.
 */
export function bookClose(
  portfolio: Portfolio,
  symbolIndex: number,
  X: number,
  exitFee: number,
  reason: ExitReason,
  T: number,
  day: number,
  config: StrategyConfig,
  emit: RiskEmit,
): void {
  const position = portfolio.positions[symbolIndex];
  if (!position) return;
  const E = position.entryPrice;
  const q = position.qty;
  const pnl = (E - X) * q - position.entryFee - exitFee;
  portfolio.balance += (E - X) * q - exitFee;
  portfolio.positions[symbolIndex] = null;
  portfolio.openCount--;
  const closed: PositionClosed = {
    type: 'PositionClosed',
    symbol: position.symbol,
    T,
    reason,
    entryT: position.entryT,
    entryPrice: E,
    exitPrice: X,
    qty: q,
    entryFee: position.entryFee,
    exitFee,
    pnl,
  };
  emit(closed);
  const started = recordClosedTrade(portfolio.cooldowns[symbolIndex]!, T, day, position.entryT, pnl, config.cooldowns);
  for (const event of started) emit(event);
}

/** Step 3: the exit rules for this symbol's open position, if any. */
export function applyExits(portfolio: Portfolio, candle: RiskCandle, config: StrategyConfig, emit: RiskEmit): void {
  const position = portfolio.positions[candle.symbolIndex];
  if (!position) return;
  const exit = decideExit(position, candle.open, candle.high, candle.low, candle.close, candle.T, candle.regime, config.exits);
  if (exit) closePosition(portfolio, candle.symbolIndex, exit.fill, exit.reason, candle.T, candle.day, config, emit);
}

/** Closes every open position at its symbol's last close, in symbol order. */
export function closeAllAtLastClose(portfolio: Portfolio, reason: ExitReason, T: number, day: number, config: StrategyConfig, emit: RiskEmit): void {
  for (let i = 0; i < portfolio.positions.length; i++) {
    if (portfolio.positions[i]) closePosition(portfolio, i, portfolio.lastClose[i]!, reason, T, day, config, emit);
  }
}

function deriveTradingState(portfolio: Portfolio, T: number): TradingState {
  if (portfolio.halted) return 'HALTED';
  return T < portfolio.blockedUntil ? 'REDUCING' : 'ACTIVE';
}

/**
 * Step 4: marks the portfolio at this candle's close, rolls the tracked day, applies the daily
 * loss lock and the drawdown tiers, and on a fresh halt closes everything (EMERGENCY).
 */
export function markPortfolio(portfolio: Portfolio, candle: RiskCandle, config: StrategyConfig, emit: RiskEmit): void {
  const { T, day } = candle;
  portfolio.lastClose[candle.symbolIndex] = candle.close;

  if (day !== portfolio.day) {
    // The previous candle's marked equity opens the new day (the first day opens at the initial balance).
    if (!Number.isNaN(portfolio.day)) portfolio.dayStartEquity = portfolio.equity;
    portfolio.day = day;
    if (portfolio.dailyLocked) {
      portfolio.dailyLocked = false;
      emit({ type: 'DailyLossUnlocked', T, day });
    }
  }

  const equity = markedEquity(portfolio);
  portfolio.equity = equity;
  if (equity > portfolio.peak) portfolio.peak = equity;
  const drawdown = 1 - equity / portfolio.peak;
  portfolio.drawdown = drawdown;

  const risk = config.risk;
  const dayLoss = (portfolio.dayStartEquity - equity) / portfolio.dayStartEquity;
  if (!portfolio.dailyLocked && dayLoss >= risk.dailyLossLimit) {
    portfolio.dailyLocked = true;
    emit({ type: 'DailyLossLocked', T, day, dayStartEquity: portfolio.dayStartEquity, equity, loss: dayLoss });
  }

  const tiers = risk.drawdown;
  const haltsNow = !portfolio.halted && drawdown >= tiers.haltAt;
  if (haltsNow) portfolio.halted = true;
  if (drawdown >= tiers.blockAt) {
    if (portfolio.blockLatchOpen) {
      portfolio.blockLatchOpen = false;
      if (T >= portfolio.blockedUntil) portfolio.blockedUntil = T + tiers.blockMinutes * 60_000;
    }
  } else {
    portfolio.blockLatchOpen = true;
  }
  const sizeFactor = drawdown >= tiers.reduceAt ? tiers.reduceFactor : 1;
  if (sizeFactor !== portfolio.sizeFactor) {
    portfolio.sizeFactor = sizeFactor;
    emit({ type: 'SizeFactorChanged', T, sizeFactor, drawdown });
  }
  const state = deriveTradingState(portfolio, T);
  if (state !== portfolio.tradingState) {
    const from = portfolio.tradingState;
    portfolio.tradingState = state;
    emit({ type: 'TradingStateChanged', T, from, to: state, drawdown, equity, blockedUntil: state === 'REDUCING' ? portfolio.blockedUntil : null });
  }
  if (haltsNow) closeAllAtLastClose(portfolio, 'EMERGENCY', T, day, config, emit);
}

/** The portfolio-side reason an entry cannot happen now, before sizing; null when none. */
export function entryBlocker(portfolio: Portfolio, symbolIndex: number, T: number): EntryRejectionReason | null {
  if (portfolio.halted) return 'HALTED';
  if (T < portfolio.blockedUntil) return 'REDUCING';
  if (portfolio.dailyLocked) return 'DAILY_LOSS_LOCK';
  if (portfolio.pausedAll || portfolio.pausedSymbols[symbolIndex]) return 'PAUSED';
  if (inCooldown(portfolio.cooldowns[symbolIndex]!, T)) return 'COOLDOWN';
  return null;
}

/**
 * Step 5, risk side: given this candle's entry signal (the indicator side holds), decides the
 * entry or its rejection. A rejection leaves the symbol armed; an entry uses up its cross, so a
 * later signal from the same cross is ignored (STRATEGY.md: "an entry disarms it").
 */
export function applyEntry(portfolio: Portfolio, candle: RiskCandle, signal: EntrySignalled, config: StrategyConfig, emit: RiskEmit): void {
  const index = candle.symbolIndex;
  if (portfolio.positions[index] || portfolio.lastEntryCrossT[index] === signal.crossT) return;
  const T = candle.T;
  const reject = (reason: EntryRejectionReason) => emit({ type: 'EntryRejected', symbol: signal.symbol, T, crossT: signal.crossT, reason });

  const blocker = entryBlocker(portfolio, index, T);
  if (blocker) return reject(blocker);

  const instrument = config.instruments[signal.symbol]!;
  const P = sellFillWithSlippage(candle.close, config.slippageBps);
  const q = entryQuantity(portfolio.balance, portfolio.sizeFactor, P, instrument, config.sizing);
  if (q < instrument.minQty) return reject('QTY_BELOW_MIN');
  if (!withinExposureCap(openNotional(portfolio), P * q, portfolio.balance, config.risk.maxExposure)) return reject('EXPOSURE_CAP');

  const entryFee = config.fees.taker * P * q;
  portfolio.balance -= entryFee;
  const takeProfit = P * (1 - config.exits.takeProfit);
  const stopLoss = P * (1 + config.exits.stopLoss);
  portfolio.positions[index] = { symbol: signal.symbol, symbolIndex: index, entryPrice: P, qty: q, entryT: T, entryFee, crossT: signal.crossT, takeProfit, stopLoss };
  portfolio.openCount++;
  portfolio.lastEntryCrossT[index] = signal.crossT;
  emit({ type: 'PositionOpened', symbol: signal.symbol, T, crossT: signal.crossT, entryPrice: P, qty: q, entryFee, takeProfit, stopLoss, sizeFactor: portfolio.sizeFactor });
}
