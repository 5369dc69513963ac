import type { AssetRow, DailyPerformanceRow, TradingStateRow } from './rows';

/** The trading state before any event: what the table's column defaults give. */
export function defaultTradingState(): TradingStateRow {
  return {
    id: 1,
    state: 'ACTIVE',
    halted: false,
    stateT: null,
    drawdown: null,
    equity: null,
    peak: null,
    exposure: null,
    riskBalance: null,
    equityT: null,
    blockedUntil: null,
    sizeFactor: 1,
    dailyLossLocked: false,
    dailyLossDay: null,
    dayStartEquity: null,
    balance: null,
    balanceEquity: null,
    balanceTs: null,
    trades: 0,
    wins: 0,
    realizedPnl: 0,
    fees: 0,
  };
}

export function emptyAsset(symbol: string): AssetRow {
  return {
    symbol,
    qtyStep: null,
    minQty: null,
    lastPrice: null,
    lastCandleTs: null,
    regime: null,
    regimeT: null,
    emaFast: null,
    emaSlow: null,
    rv: null,
    crosses24h: null,
    indicatorsT: null,
    lastCross: null,
    lastCrossT: null,
  };
}

export function emptyDaily(day: string, symbol: string): DailyPerformanceRow {
  return { day, symbol, trades: 0, wins: 0, pnl: 0, fees: 0, drawdownMax: null, equityLast: null, balanceLast: null, lossLocked: false };
}
