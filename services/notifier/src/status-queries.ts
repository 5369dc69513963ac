import type { ReadModel } from '@mast/read-model';
import { formatAmount, formatPercent, formatPrice, formatQty, formatTime, formatUsdt } from './format-values';

/** What the chat's query commands read: the Postgres read model, read-only. */
export type StatusSource = Pick<ReadModel, 'portfolio' | 'positions' | 'dailyPnl' | 'cooldowns'>;

const DAY_MS = 86_400_000;

export async function statusText(source: StatusSource): Promise<string> {
  const p = await source.portfolio();
  const lines = [
    `📋 Trading state ${p.state}${p.halted ? ' (HALTED: /resume halt to resume)' : ''}`,
    `equity ${p.equity === null ? '-' : formatAmount(p.equity)}, drawdown ${p.drawdown === null ? '-' : formatPercent(p.drawdown)}, size ×${p.sizeFactor}`,
    `open positions ${p.openPositions}${p.dailyLossLocked ? ', daily loss lock ON' : ''}${p.blockedUntil !== null && p.equityT !== null && p.blockedUntil > p.equityT ? `, entries blocked until ${formatTime(p.blockedUntil)}` : ''}`,
  ];
  if (p.equityT !== null) lines.push(`as of ${formatTime(p.equityT)}`);
  return lines.join('\n');
}

export async function positionsText(source: StatusSource): Promise<string> {
  const positions = await source.positions();
  if (positions.length === 0) return 'No open positions.';
  return [
    `📂 ${positions.length} open position${positions.length === 1 ? '' : 's'}`,
    ...positions.map(
      (p) =>
        `${p.symbol} short ${formatQty(p.qty)} @ ${formatPrice(p.entryPrice)} · TP ${formatPrice(p.takeProfit)} · SL ${formatPrice(p.stopLoss)}${p.unrealizedPnl === null ? '' : ` · uPnL ${formatUsdt(p.unrealizedPnl)}`} · since ${formatTime(p.entryT)}`,
    ),
  ].join('\n');
}

export async function profitText(source: StatusSource): Promise<string> {
  const p = await source.portfolio();
  const rate = p.trades === 0 ? '-' : formatPercent(p.wins / p.trades);
  return [`💰 Realized ${formatUsdt(p.realizedPnl)} over ${p.trades} trades`, `win rate ${rate}, fees ${formatAmount(p.fees)}`].join('\n');
}

export async function balanceText(source: StatusSource): Promise<string> {
  const p = await source.portfolio();
  return [
    `🏦 Balance ${p.balance === null ? '-' : formatAmount(p.balance)} USDT (exchange)${p.balanceTs === null ? '' : ` at ${formatTime(p.balanceTs)}`}`,
    `risk book: balance ${p.riskBalance === null ? '-' : formatAmount(p.riskBalance)}, equity ${p.equity === null ? '-' : formatAmount(p.equity)}, peak ${p.peak === null ? '-' : formatAmount(p.peak)}`,
  ].join('\n');
}

/** The last `days` UTC days up to the one of the latest mark (or of `now` before any). */
export async function dailyText(source: StatusSource, now: number, days = 7): Promise<string> {
  const p = await source.portfolio();
  const end = p.equityT ?? now;
  const to = new Date(end).toISOString().slice(0, 10);
  const from = new Date(end - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  const rows = (await source.dailyPnl({ from, to })).filter((r) => r.symbol === '*');
  if (rows.length === 0) return `No trading days between ${from} and ${to}.`;
  return [`📅 Daily P&L ${from} to ${to}`, ...rows.map((r) => `${r.day}: ${formatUsdt(r.pnl)}, ${r.trades} trades, fees ${formatAmount(r.fees)}${r.drawdownMax === null ? '' : `, max dd ${formatPercent(r.drawdownMax)}`}`)].join('\n');
}

/** Cooldowns still running at the latest mark: the system's own time, which a replay or paper run sets. */
export async function cooldownsText(source: StatusSource, now: number): Promise<string> {
  const p = await source.portfolio();
  const at = p.equityT ?? now;
  const rows = await source.cooldowns({ activeAt: at });
  if (rows.length === 0) return 'No cooldowns running.';
  return ['⏸ Cooldowns', ...rows.map((c) => `${c.symbol}: ${c.rule.toLowerCase().replace('_', ' ')} until ${formatTime(c.until)}`)].join('\n');
}
