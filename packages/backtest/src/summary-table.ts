import { formatDuration, formatMoney, formatNumber, formatPct, formatRatio, formatSignedMoney, formatTime } from './format';
import type { BacktestSummary } from './summary';

function table(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  return rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ')).join('\n');
}

/** The short text summary the CLI prints to stdout at the end of a run. */
export function formatSummaryTable(s: BacktestSummary): string {
  const { range } = s;
  const span = range.firstCandle ? `${formatTime(range.firstCandle)} to ${formatTime(range.lastCandle ?? '')} UTC` : 'no candles';
  const head = [
    `Backtest ${s.symbols.join(', ')}  ${span}  (${formatNumber(range.candles)} candles, ${formatNumber(range.days, 1)} days)${s.halted ? '  HALTED' : ''}`,
    `Net P&L ${formatSignedMoney(s.netPnl)} (${formatPct(s.netPnlPct, true)})  final balance ${formatMoney(s.finalBalance)}  max drawdown ${formatPct(s.maxDrawdown)}  Sharpe ${formatRatio(s.sharpe)}  exposure ${formatPct(s.exposure)}`,
  ];
  const rows: string[][] = [['symbol', 'trades', 'win rate', 'net P&L', 'fees', 'profit factor', 'avg hold']];
  for (const r of s.perSymbol) {
    rows.push([r.symbol, formatNumber(r.trades), formatPct(r.winRate), formatSignedMoney(r.netPnl), formatMoney(r.fees), formatRatio(r.profitFactor), formatDuration(r.avgHoldMinutes)]);
  }
  rows.push(['all', formatNumber(s.tradeCount), formatPct(s.winRate), formatSignedMoney(s.netPnl), formatMoney(s.fees), formatRatio(s.profitFactor), formatDuration(s.avgHoldMinutes)]);
  const open = s.openPositionCount > 0 ? [`${s.openPositionCount} position(s) still open, unrealised ${formatSignedMoney(s.unrealizedPnl)} (not in the balance)`] : [];
  return [...head, '', table(rows), ...open].join('\n');
}
