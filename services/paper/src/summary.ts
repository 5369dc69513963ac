import type { Trade } from '@mast/core';
import type { EventOf } from '@mast/contracts';

export interface ParityReport {
  /** Risk's decisions equal the backtest's trades to the bit. */
  readonly decisionsEqual: boolean;
  readonly decisionDifferences: string[];
  /** Executed trades against the backtest: same trades, prices within the exchange's rounding. */
  readonly executedCount: number;
  readonly maxPriceDiff: number;
  readonly maxPnlDiff: number;
}

const key = (symbol: string, entryTs: number) => `${symbol}@${entryTs}`;

/**
 * Compares the pipeline with the backtest. Risk's close requests carry the rules' own numbers,
 * which must equal the backtest's trades exactly; the executed trades come from the exchange,
 * which rounds prices to its tick and fees to 1e-8, so they are compared within that.
 */
export function compareWithBacktest(backtest: readonly Trade[], closes: readonly EventOf<'OrderRequested'>[], executed: readonly EventOf<'PositionClosed'>[]): ParityReport {
  const differences: string[] = [];
  const decided = closes.map((c) => ({ symbol: c.data.symbol, entryTs: c.data.entryT ?? NaN, exitTs: c.data.T, exitPrice: c.data.modelPrice, qty: c.data.qty, reason: c.data.reason }));
  const n = Math.max(decided.length, backtest.length);
  for (let i = 0; i < n && differences.length < 10; i++) {
    const a = decided[i];
    const b = backtest[i];
    const same = a && b && a.symbol === b.symbol && a.entryTs === b.entryTs && a.exitTs === b.exitTs && a.exitPrice === b.exitPrice && a.qty === b.qty && a.reason === b.reason;
    if (!same) differences.push(`trade ${i + 1}: pipeline ${a ? JSON.stringify(a) : 'none'} vs backtest ${b ? JSON.stringify({ symbol: b.symbol, entryTs: b.entryTs, exitTs: b.exitTs, exitPrice: b.exitPrice, qty: b.qty, reason: b.reason }) : 'none'}`);
  }
  const byKey = new Map(backtest.map((t) => [key(t.symbol, t.entryTs), t]));
  let maxPriceDiff = 0;
  let maxPnlDiff = 0;
  for (const fact of executed) {
    const t = byKey.get(key(fact.data.symbol, fact.data.entryT));
    if (!t) {
      differences.push(`executed trade ${key(fact.data.symbol, fact.data.entryT)} has no backtest trade`);
      continue;
    }
    maxPriceDiff = Math.max(maxPriceDiff, Math.abs(fact.data.exitPrice - t.exitPrice) / t.exitPrice, Math.abs(fact.data.entryPrice - t.entryPrice) / t.entryPrice);
    maxPnlDiff = Math.max(maxPnlDiff, Math.abs(fact.data.pnl - t.pnl));
  }
  return { decisionsEqual: differences.length === 0 && decided.length === backtest.length, decisionDifferences: differences, executedCount: executed.length, maxPriceDiff, maxPnlDiff };
}

export function tradeTable(trades: readonly { symbol: string; pnl: number; fees: number }[], symbols: readonly string[]): string {
  const rows = symbols.map((symbol) => {
    const mine = trades.filter((t) => t.symbol === symbol);
    const pnl = mine.reduce((s, t) => s + t.pnl, 0);
    const wins = mine.filter((t) => t.pnl > 0).length;
    return [symbol, String(mine.length), mine.length ? `${((wins / mine.length) * 100).toFixed(1)}%` : '-', pnl.toFixed(2), mine.reduce((s, t) => s + t.fees, 0).toFixed(2)];
  });
  const total = trades.reduce((s, t) => s + t.pnl, 0);
  rows.push(['all', String(trades.length), trades.length ? `${((trades.filter((t) => t.pnl > 0).length / trades.length) * 100).toFixed(1)}%` : '-', total.toFixed(2), trades.reduce((s, t) => s + t.fees, 0).toFixed(2)]);
  const header = ['symbol', 'trades', 'win rate', 'net P&L', 'fees'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
