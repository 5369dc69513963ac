import type { AssetRow, CooldownRow, DailyPerformanceRow, EntryRejectionRow, EventTrailRow, PositionRow, TradeRow, TradingStateRow } from './projection/rows';

/**
 * What queries return and what the Redis snapshots hold: one shape for both, so a dashboard
 * reading Redis sees exactly what the query API would have answered.
 */

export interface PortfolioView {
  readonly state: string;
  readonly halted: boolean;
  readonly stateT: number | null;
  readonly drawdown: number | null;
  /** Equity as risk last marked it. */
  readonly equity: number | null;
  readonly peak: number | null;
  /** Open notional at entry prices at risk's last mark. */
  readonly exposure: number | null;
  /** The balance as risk books it (model prices until execution's fill corrects it). */
  readonly riskBalance: number | null;
  readonly equityT: number | null;
  readonly blockedUntil: number | null;
  readonly sizeFactor: number;
  readonly dailyLossLocked: boolean;
  readonly dailyLossDay: number | null;
  readonly dayStartEquity: number | null;
  /** As execution last reported it (BalanceChanged). */
  readonly balance: number | null;
  readonly balanceEquity: number | null;
  readonly balanceTs: number | null;
  readonly trades: number;
  readonly wins: number;
  readonly realizedPnl: number;
  readonly fees: number;
  readonly openPositions: number;
}

export interface PositionView {
  readonly symbol: string;
  readonly entryT: number;
  readonly crossT: number;
  readonly entryPrice: number;
  readonly qty: number;
  readonly entryFee: number;
  readonly takeProfit: number;
  readonly stopLoss: number;
  readonly sizeFactor: number;
  readonly eventId: string;
  /** Close of the symbol's latest candle, null before the first. */
  readonly lastPrice: number | null;
  /** `(entryPrice - lastPrice) * qty` for the short, null without a price. */
  readonly unrealizedPnl: number | null;
}

export interface RegimeView {
  readonly symbol: string;
  readonly regime: string | null;
  readonly regimeT: number | null;
  readonly emaFast: number | null;
  readonly emaSlow: number | null;
  readonly rv: number | null;
  readonly crosses24h: number | null;
  readonly indicatorsT: number | null;
  readonly lastCross: string | null;
  readonly lastCrossT: number | null;
}

export type AssetView = AssetRow;
export type TradeView = TradeRow;
export type DailyPerformanceView = DailyPerformanceRow;
export type CooldownView = CooldownRow;
export type EntryRejectionView = EntryRejectionRow;
export type TrailEntry = EventTrailRow;

export function toPortfolioView(state: TradingStateRow, openPositions: number): PortfolioView {
  return {
    state: state.state,
    halted: state.halted,
    stateT: state.stateT,
    drawdown: state.drawdown,
    equity: state.equity,
    peak: state.peak,
    exposure: state.exposure,
    riskBalance: state.riskBalance,
    equityT: state.equityT,
    blockedUntil: state.blockedUntil,
    sizeFactor: state.sizeFactor,
    dailyLossLocked: state.dailyLossLocked,
    dailyLossDay: state.dailyLossDay,
    dayStartEquity: state.dayStartEquity,
    balance: state.balance,
    balanceEquity: state.balanceEquity,
    balanceTs: state.balanceTs,
    trades: state.trades,
    wins: state.wins,
    realizedPnl: state.realizedPnl,
    fees: state.fees,
    openPositions,
  };
}

export function toPositionView(row: PositionRow, lastPrice: number | null): PositionView {
  return { ...row, lastPrice, unrealizedPnl: lastPrice === null ? null : (row.entryPrice - lastPrice) * row.qty };
}

export function toRegimeView(row: AssetRow): RegimeView {
  return {
    symbol: row.symbol,
    regime: row.regime,
    regimeT: row.regimeT,
    emaFast: row.emaFast,
    emaSlow: row.emaSlow,
    rv: row.rv,
    crosses24h: row.crosses24h,
    indicatorsT: row.indicatorsT,
    lastCross: row.lastCross,
    lastCrossT: row.lastCrossT,
  };
}

/** Positions in symbol order, each marked at its symbol's last price. */
export function toPositionViews(positions: Iterable<PositionRow>, lastPrice: (symbol: string) => number | null): PositionView[] {
  return [...positions].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0)).map((row) => toPositionView(row, lastPrice(row.symbol)));
}
