import type { StrategyConfig } from '@mast/contracts';
import { dayOf } from './candles';
import type { TradingStateChanged } from './events';
import type { Portfolio } from './portfolio';
import { closeAllAtLastClose, closePosition, type RiskEmit } from './risk';

/**
 * Operator commands, as the risk side applies them. They arrive on the control stream with who
 * issued them and why; here only what they do to the book matters. `T` is when they apply.
 */
export type OperatorControl =
  | { readonly kind: 'PAUSE_ENTRIES'; readonly symbol: string | null }
  | { readonly kind: 'RESUME_ENTRIES'; readonly symbol: string | null }
  | { readonly kind: 'FLATTEN'; readonly symbol: string | null }
  | { readonly kind: 'HALT' }
  | { readonly kind: 'RESUME_TRADING' };

export class UnknownSymbolError extends Error {
  override readonly name = 'UnknownSymbolError';
}

function indexOf(portfolio: Portfolio, symbol: string): number {
  const index = portfolio.symbols.indexOf(symbol);
  if (index < 0) throw new UnknownSymbolError(`${symbol} is not one of the traded symbols`);
  return index;
}

function setTradingState(portfolio: Portfolio, to: TradingStateChanged['to'], T: number, emit: RiskEmit): void {
  if (portfolio.tradingState === to) return;
  const from = portfolio.tradingState;
  portfolio.tradingState = to;
  emit({ type: 'TradingStateChanged', T, from, to, drawdown: portfolio.drawdown, equity: portfolio.equity, blockedUntil: to === 'REDUCING' ? portfolio.blockedUntil : null });
}

export function applyControl(portfolio: Portfolio, control: OperatorControl, T: number, config: StrategyConfig, emit: RiskEmit): void {
  // Closes made outside a candle count toward the day the book is tracking (or T's day before any candle).
  const day = Number.isNaN(portfolio.day) ? dayOf(T) : portfolio.day;
  switch (control.kind) {
    case 'PAUSE_ENTRIES':
    case 'RESUME_ENTRIES': {
      const paused = control.kind === 'PAUSE_ENTRIES';
      if (control.symbol === null) portfolio.pausedAll = paused;
      else portfolio.pausedSymbols[indexOf(portfolio, control.symbol)] = paused;
      return;
    }
    case 'FLATTEN':
      if (control.symbol === null) closeAllAtLastClose(portfolio, 'FLATTEN', T, day, config, emit);
      else closePosition(portfolio, indexOf(portfolio, control.symbol), portfolio.lastClose[indexOf(portfolio, control.symbol)]!, 'FLATTEN', T, day, config, emit);
      return;
    case 'HALT':
      if (portfolio.halted) return;
      portfolio.halted = true;
      setTradingState(portfolio, 'HALTED', T, emit);
      closeAllAtLastClose(portfolio, 'EMERGENCY', T, day, config, emit);
      return;
    case 'RESUME_TRADING': {
      if (!portfolio.halted) return;
      // STRATEGY.md: resuming rebases the peak to the equity at that moment, so the drawdown
      // that caused the halt does not halt the book again at the next candle.
      portfolio.halted = false;
      portfolio.peak = portfolio.equity;
      portfolio.drawdown = 0;
      setTradingState(portfolio, T < portfolio.blockedUntil ? 'REDUCING' : 'ACTIVE', T, emit);
      return;
    }
  }
}
