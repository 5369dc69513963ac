import type { Regime, StrategyConfig } from '@mast/contracts';
import { MINUTE_MS } from './candles';
import type { ExitReason } from './events';
import type { Position } from './position';

/** Raw fill of an exit, before slippage. */
export interface ExitDecision {
  readonly reason: ExitReason;
  readonly fill: number;
}

/**
 * STRATEGY.md §3, first match wins. The triggers compare the raw candle with the unslipped
 * levels; an open beyond the stop (or the target) fills at the open, because the market gapped
 * through the level and no order could have filled at it.
 */
export function decideExit(
  position: Position,
  open: number,
  high: number,
  low: number,
  close: number,
  T: number,
  regime: Regime,
  exits: StrategyConfig['exits'],
): ExitDecision | null {
  if (high >= position.stopLoss) return { reason: 'STOP_LOSS', fill: Math.max(open, position.stopLoss) };
  if (low <= position.takeProfit) return { reason: 'TAKE_PROFIT', fill: Math.min(open, position.takeProfit) };
  if (T - position.entryT >= exits.maxHoldMinutes * MINUTE_MS) return { reason: 'TIME_LIMIT', fill: close };
  if (exits.onRegime.includes(regime)) return { reason: 'REGIME', fill: close };
  return null;
}

/** Every buy fill pays slippage: the reported exit price, the P&L price and the fee base. */
export function buyFillWithSlippage(fill: number, slippageBps: number): number {
  return fill * (1 + slippageBps / 10_000);
}

/** The sell fill of an entry. */
export function sellFillWithSlippage(close: number, slippageBps: number): number {
  return close * (1 - slippageBps / 10_000);
}
