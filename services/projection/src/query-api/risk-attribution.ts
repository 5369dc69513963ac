import type { PortfolioView, PositionView, SymbolPnl } from '@mast/read-model';

export interface AssetRisk {
  readonly symbol: string;
  /** Open notional at entry price, `E * q` (0 without a position). */
  readonly notional: number;
  /** Notional over marked equity. */
  readonly exposureRatio: number;
  /** What the short loses if its stop fills: `(SL - E) * q` (0 without a position). */
  readonly riskAtStop: number;
  /** Share of the portfolio's total risk at stop (0..1). */
  readonly riskShare: number;
  readonly unrealizedPnl: number | null;
  /** Closed trades' net P&L and count so far. */
  readonly realizedPnl: number;
  readonly trades: number;
}

export interface RiskAttribution {
  readonly equity: number | null;
  readonly totalNotional: number;
  readonly totalRiskAtStop: number;
  readonly assets: AssetRisk[];
}

/**
 * Where the portfolio's risk sits, per asset: open exposure, the loss each stop would take, and
 * what each asset has made or lost so far. Symbols are those with a position or a trade.
 */
export function riskAttribution(portfolio: PortfolioView, positions: readonly PositionView[], pnl: readonly SymbolPnl[], symbols: readonly string[] = []): RiskAttribution {
  const equity = portfolio.equity ?? portfolio.balance;
  const bySymbol = new Map(positions.map((p) => [p.symbol, p]));
  const pnlBySymbol = new Map(pnl.map((p) => [p.symbol, p]));
  const all = [...new Set([...symbols, ...bySymbol.keys(), ...pnlBySymbol.keys()])].sort();
  const rows = all.map((symbol) => {
    const p = bySymbol.get(symbol);
    const notional = p ? p.entryPrice * p.qty : 0;
    return {
      symbol,
      notional,
      exposureRatio: equity && equity > 0 ? notional / equity : 0,
      riskAtStop: p ? Math.max(0, (p.stopLoss - p.entryPrice) * p.qty) : 0,
      unrealizedPnl: p ? p.unrealizedPnl : null,
      realizedPnl: pnlBySymbol.get(symbol)?.pnl ?? 0,
      trades: pnlBySymbol.get(symbol)?.trades ?? 0,
    };
  });
  const totalRiskAtStop = rows.reduce((s, r) => s + r.riskAtStop, 0);
  return {
    equity,
    totalNotional: rows.reduce((s, r) => s + r.notional, 0),
    totalRiskAtStop,
    assets: rows.map((r) => ({ ...r, riskShare: totalRiskAtStop > 0 ? r.riskAtStop / totalRiskAtStop : 0 })),
  };
}
