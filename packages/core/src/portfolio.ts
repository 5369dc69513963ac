import type { StrategyConfig } from '@mast/contracts';
import { initialCooldownState, type CooldownState } from './cooldowns';
import type { TradingState } from './events';
import type { Position } from './position';

/**
 * The risk side's whole state: balance and open positions, the marking of §4 (equity, peak,
 * drawdown, the day's loss lock, the drawdown tiers), per-symbol cooldowns and operator pauses.
 * Owned by one fold (the backtest's, or the risk service's) and advanced in place.
 */
export interface Portfolio {
  readonly symbols: readonly string[];
  balance: number;
  /** Marked at step 4 of the latest candle. */
  equity: number;
  peak: number;
  drawdown: number;
  /** Latest close per symbol index (NaN before its first candle). */
  readonly lastClose: Float64Array;
  /** Open position per symbol index. */
  readonly positions: (Position | null)[];
  openCount: number;

  /** UTC day being tracked (NaN before the first candle). */
  day: number;
  dayStartEquity: number;
  dailyLocked: boolean;

  halted: boolean;
  /** The block latch starts open; it closes when drawdown reaches blockAt and reopens below it. */
  blockLatchOpen: boolean;
  blockedUntil: number;
  sizeFactor: number;
  tradingState: TradingState;

  readonly cooldowns: CooldownState[];
  /** `crossT` of each symbol's last entry: one entry per bearish cross. */
  readonly lastEntryCrossT: Float64Array;
  pausedAll: boolean;
  readonly pausedSymbols: boolean[];
}

export function initialPortfolio(config: StrategyConfig): Portfolio {
  const n = config.symbols.length;
  return {
    symbols: config.symbols,
    balance: config.initialBalance,
    equity: config.initialBalance,
    peak: config.initialBalance,
    drawdown: 0,
    lastClose: new Float64Array(n).fill(NaN),
    positions: new Array<Position | null>(n).fill(null),
    openCount: 0,
    day: NaN,
    dayStartEquity: config.initialBalance,
    dailyLocked: false,
    halted: false,
    blockLatchOpen: true,
    blockedUntil: -Infinity,
    sizeFactor: 1,
    tradingState: 'ACTIVE',
    cooldowns: config.symbols.map(initialCooldownState),
    lastEntryCrossT: new Float64Array(n).fill(NaN),
    pausedAll: false,
    pausedSymbols: new Array<boolean>(n).fill(false),
  };
}

/** `balance + Σ (E - lastClose) * q` over open positions, in symbol order. */
export function markedEquity(portfolio: Portfolio): number {
  let equity = portfolio.balance;
  if (portfolio.openCount === 0) return equity;
  const { positions, lastClose } = portfolio;
  for (let i = 0; i < positions.length; i++) {
    const position = positions[i];
    if (position) equity += (position.entryPrice - lastClose[i]!) * position.qty;
  }
  return equity;
}

/** `Σ E * q` over open positions, in symbol order. */
export function openNotional(portfolio: Portfolio): number {
  let notional = 0;
  for (const position of portfolio.positions) if (position) notional += position.entryPrice * position.qty;
  return notional;
}
