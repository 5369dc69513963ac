import { DAY_MS, MINUTE_MS } from '@mast/core';
import type { OpenPosition, Trade } from '@mast/core';
// Module-local copies: under tsx (esbuild's CommonJS) an imported binding is a getter call, too
// slow for a loop over millions of rows.
const DAY = DAY_MS;
const MINUTE = MINUTE_MS;

/**
 * Performance figures of a run, from its trades and its marked equity. Pure functions of their
 * inputs so that every figure can be checked by hand on a small example. A figure that is not
 * defined for the input (a ratio over zero, a deviation of one sample) is null, never
 * Infinity or NaN, so that it survives JSON.
 */

export const DAYS_PER_YEAR = 365;

/** Fixed order of exit reasons in tables; reasons not listed here follow in order of appearance. */
export const EXIT_REASON_ORDER = ['TAKE_PROFIT', 'STOP_LOSS', 'TIME_LIMIT', 'REGIME', 'EMERGENCY', 'FLATTEN'] as const;

export interface TradeStats {
  readonly trades: number;
  /** Trades with net P&L > 0. */
  readonly wins: number;
  readonly losses: number;
  /** wins / trades; null without trades. */
  readonly winRate: number | null;
  readonly netPnl: number;
  readonly fees: number;
  readonly grossProfit: number;
  /** Sum of the losing trades' P&L, as a positive number. */
  readonly grossLoss: number;
  /** grossProfit / grossLoss; null when there is no losing trade. */
  readonly profitFactor: number | null;
  /** Mean net P&L per trade; null without trades. */
  readonly expectancy: number | null;
  /** Mean of (exitTs - entryTs) in minutes; null without trades. */
  readonly avgHoldMinutes: number | null;
}

export function tradeStats(trades: readonly Trade[]): TradeStats {
  let wins = 0;
  let losses = 0;
  let netPnl = 0;
  let fees = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let holdMs = 0;
  for (const trade of trades) {
    netPnl += trade.pnl;
    fees += trade.fees;
    holdMs += trade.exitTs - trade.entryTs;
    if (trade.pnl > 0) {
      wins++;
      grossProfit += trade.pnl;
    } else if (trade.pnl < 0) {
      losses++;
      grossLoss -= trade.pnl;
    }
  }
  const n = trades.length;
  return {
    trades: n,
    wins,
    losses,
    winRate: n === 0 ? null : wins / n,
    netPnl,
    fees,
    grossProfit,
    grossLoss,
    profitFactor: grossLoss === 0 ? null : grossProfit / grossLoss,
    expectancy: n === 0 ? null : netPnl / n,
    avgHoldMinutes: n === 0 ? null : holdMs / n / MINUTE,
  };
}

/**
 * Daily returns of marked equity. A day's equity is the equity after the last candle whose open
 * time falls on that UTC day; its return is against the previous day that has candles (the first
 * day against `initialBalance`). Days without candles give no return.
 */
export function dailyReturns(ts: ArrayLike<number>, equity: ArrayLike<number>, initialBalance: number): number[] {
  const returns: number[] = [];
  let previous = initialBalance;
  const n = ts.length;
  for (let i = 0; i < n; i++) {
    const day = Math.floor((ts[i] as number) / DAY);
    const lastOfDay = i === n - 1 || Math.floor((ts[i + 1] as number) / DAY) !== day;
    if (lastOfDay) {
      const close = equity[i] as number;
      returns.push(close / previous - 1);
      previous = close;
    }
  }
  return returns;
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation (n - 1 denominator); null for fewer than two values. */
export function sampleStd(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) * (v - m);
  return Math.sqrt(squares / (n - 1));
}

/** Annualised Sharpe ratio of daily returns (risk-free rate 0): mean / sample std * sqrt(365). */
export function sharpeRatio(returns: readonly number[], periodsPerYear = DAYS_PER_YEAR): number | null {
  const std = sampleStd(returns);
  if (std === null || std === 0) return null;
  return (mean(returns) / std) * Math.sqrt(periodsPerYear);
}

/**
 * Annualised Sortino ratio (target 0): mean / downside deviation * sqrt(365), where the downside
 * deviation is sqrt(sum(min(r, 0)^2) / n) over all n returns (Sortino and Price's definition).
 * Null for fewer than two returns or when no return is negative.
 */
export function sortinoRatio(returns: readonly number[], periodsPerYear = DAYS_PER_YEAR): number | null {
  const n = returns.length;
  if (n < 2) return null;
  let downside = 0;
  for (const r of returns) if (r < 0) downside += r * r;
  if (downside === 0) return null;
  return (mean(returns) / Math.sqrt(downside / n)) * Math.sqrt(periodsPerYear);
}

/** Compound annual growth from `start` to `end` over `days` days; null when days <= 0 or end <= 0. */
export function annualizedReturn(start: number, end: number, days: number, daysPerYear = DAYS_PER_YEAR): number | null {
  if (!(days > 0) || !(start > 0) || !(end > 0)) return null;
  return (end / start) ** (daysPerYear / days) - 1;
}

/** Annualised return over max drawdown; null when there was no drawdown. */
export function calmarRatio(annualReturn: number | null, maxDrawdown: number): number | null {
  if (annualReturn === null || !(maxDrawdown > 0)) return null;
  return annualReturn / maxDrawdown;
}

/**
 * Fraction of `[start, end)` covered by the union of `intervals` (each `[from, to)`, clipped to the
 * span). Overlapping positions on several symbols count once: this is time with at least one
 * position open.
 */
export function coveredFraction(intervals: readonly (readonly [number, number])[], start: number, end: number): number {
  if (!(end > start)) return 0;
  const clipped = intervals
    .map(([from, to]) => [Math.max(from, start), Math.min(to, end)] as const)
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let runFrom = -Infinity;
  let runTo = -Infinity;
  for (const [from, to] of clipped) {
    if (from > runTo) {
      if (runTo > runFrom) covered += runTo - runFrom;
      runFrom = from;
      runTo = to;
    } else if (to > runTo) runTo = to;
  }
  if (runTo > runFrom) covered += runTo - runFrom;
  return covered / (end - start);
}

export interface SymbolStats extends TradeStats {
  readonly symbol: string;
}

export interface ReasonStats {
  readonly reason: string;
  readonly count: number;
  readonly wins: number;
  readonly netPnl: number;
}

export function perSymbolStats(symbols: readonly string[], trades: readonly Trade[]): SymbolStats[] {
  const bySymbol = new Map<string, Trade[]>(symbols.map((symbol) => [symbol, []]));
  for (const trade of trades) {
    let list = bySymbol.get(trade.symbol);
    if (!list) bySymbol.set(trade.symbol, (list = []));
    list.push(trade);
  }
  return [...bySymbol].map(([symbol, list]) => ({ symbol, ...tradeStats(list) }));
}

export function perReasonStats(trades: readonly Trade[]): ReasonStats[] {
  const byReason = new Map<string, { count: number; wins: number; netPnl: number }>();
  for (const trade of trades) {
    const entry = byReason.get(trade.reason) ?? { count: 0, wins: 0, netPnl: 0 };
    entry.count++;
    if (trade.pnl > 0) entry.wins++;
    entry.netPnl += trade.pnl;
    byReason.set(trade.reason, entry);
  }
  const rank = (reason: string): number => {
    const i = (EXIT_REASON_ORDER as readonly string[]).indexOf(reason);
    return i === -1 ? EXIT_REASON_ORDER.length : i;
  };
  return [...byReason]
    .sort((a, b) => rank(a[0]) - rank(b[0]))
    .map(([reason, entry]) => ({ reason, ...entry }));
}

export interface MetricsInput {
  readonly symbols: readonly string[];
  readonly trades: readonly Trade[];
  readonly openPositions: readonly OpenPosition[];
  readonly initialBalance: number;
  readonly finalBalance: number;
  /** Max drawdown of marked equity per candle (FoldResult.maxDrawdown). */
  readonly maxDrawdown: number;
  /** Candle open times in processing order, row for row with `equity`. */
  readonly ts: ArrayLike<number>;
  /** Marked equity after each candle. */
  readonly equity: ArrayLike<number>;
}

export interface Metrics {
  readonly initialBalance: number;
  readonly finalBalance: number;
  /** Marked equity after the last candle (includes open positions' unrealised P&L). */
  readonly finalEquity: number;
  /** Sum of the closed trades' net P&L. */
  readonly netPnl: number;
  /** netPnl / initialBalance. */
  readonly netPnlPct: number;
  readonly tradeCount: number;
  readonly wins: number;
  readonly losses: number;
  readonly winRate: number | null;
  readonly profitFactor: number | null;
  readonly expectancy: number | null;
  readonly avgHoldMinutes: number | null;
  readonly fees: number;
  readonly maxDrawdown: number;
  /** Days with candles, i.e. the number of daily returns. */
  readonly tradingDays: number;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  /** Compound annual growth of marked equity over the run's span. */
  readonly annualizedReturn: number | null;
  readonly calmar: number | null;
  /** Fraction of the run's span (first open to last close) with at least one position open. */
  readonly exposure: number;
  readonly openPositionCount: number;
  readonly unrealizedPnl: number;
  /** First candle's open time and last candle's close time (epoch ms); null without candles. */
  readonly spanStart: number | null;
  readonly spanEnd: number | null;
  readonly perSymbol: readonly SymbolStats[];
  readonly perReason: readonly ReasonStats[];
}

export function computeMetrics(input: MetricsInput): Metrics {
  const { trades, openPositions, initialBalance, ts, equity } = input;
  const n = ts.length;
  const all = tradeStats(trades);
  const spanStart = n === 0 ? null : (ts[0] as number);
  const spanEnd = n === 0 ? null : (ts[n - 1] as number) + MINUTE;
  const finalEquity = n === 0 ? input.finalBalance : (equity[n - 1] as number);
  const returns = dailyReturns(ts, equity, initialBalance);
  const days = spanStart === null || spanEnd === null ? 0 : (spanEnd - spanStart) / DAY;
  const annual = annualizedReturn(initialBalance, finalEquity, days);
  const intervals: [number, number][] = trades.map((trade) => [trade.entryTs, trade.exitTs]);
  if (spanEnd !== null) for (const position of openPositions) intervals.push([position.entryTs, spanEnd]);
  let unrealizedPnl = 0;
  for (const position of openPositions) unrealizedPnl += position.unrealizedPnl;
  return {
    initialBalance,
    finalBalance: input.finalBalance,
    finalEquity,
    netPnl: all.netPnl,
    netPnlPct: all.netPnl / initialBalance,
    tradeCount: all.trades,
    wins: all.wins,
    losses: all.losses,
    winRate: all.winRate,
    profitFactor: all.profitFactor,
    expectancy: all.expectancy,
    avgHoldMinutes: all.avgHoldMinutes,
    fees: all.fees,
    maxDrawdown: input.maxDrawdown,
    tradingDays: returns.length,
    sharpe: sharpeRatio(returns),
    sortino: sortinoRatio(returns),
    annualizedReturn: annual,
    calmar: calmarRatio(annual, input.maxDrawdown),
    exposure: spanStart === null || spanEnd === null ? 0 : coveredFraction(intervals, spanStart, spanEnd),
    openPositionCount: openPositions.length,
    unrealizedPnl,
    spanStart,
    spanEnd,
    perSymbol: perSymbolStats(input.symbols, trades),
    perReason: perReasonStats(trades),
  };
}
