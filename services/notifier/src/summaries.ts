import type { Alert } from './alert';
import { formatAmount, formatPercent, formatUsdt } from './format-values';

const DAY_MS = 86_400_000;
const PORTFOLIO = '*';

/** One row of the read model's daily performance (per UTC day and symbol, `*` for the portfolio). */
export interface DayRow {
  readonly day: string;
  readonly symbol: string;
  readonly trades: number;
  readonly wins: number;
  readonly pnl: number;
  readonly fees: number;
  readonly drawdownMax: number | null;
  readonly equityLast: number | null;
}

export interface SummarySource {
  /** Rows of the inclusive range of UTC days `YYYY-MM-DD`. */
  days(from: string, to: string): Promise<readonly DayRow[]>;
}

export interface SummarySchedule {
  /** `HH:MM` UTC of the daily summary (of the previous UTC day). */
  readonly dailyAt: string;
  /** Day of the week (0 = Sunday) and `HH:MM` UTC of the weekly summary (of the 7 days before). */
  readonly weeklyDay: number;
  readonly weeklyAt: string;
}

export type SummaryPeriod = 'daily' | 'weekly';

export interface DueSummary {
  readonly period: SummaryPeriod;
  /** First and last UTC day covered, inclusive. */
  readonly from: string;
  readonly to: string;
  /** The scheduled time it belongs to. */
  readonly slot: number;
}

const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * The latest daily and weekly slots at or before `now`, and the days they cover. A summary's id
 * derives from its period and days, so producing it again (after a restart) adds nothing.
 */
export function dueSummaries(now: number, schedule: SummarySchedule): DueSummary[] {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  let daily = today + minutesOf(schedule.dailyAt) * 60_000;
  if (daily > now) daily -= DAY_MS;
  const dailyDay = Math.floor(daily / DAY_MS) * DAY_MS - DAY_MS;
  const weekday = new Date(today).getUTCDay();
  let weekly = today - ((weekday - schedule.weeklyDay + 7) % 7) * DAY_MS + minutesOf(schedule.weeklyAt) * 60_000;
  if (weekly > now) weekly -= 7 * DAY_MS;
  const weeklyEnd = Math.floor(weekly / DAY_MS) * DAY_MS - DAY_MS;
  return [
    { period: 'daily', from: dayString(dailyDay), to: dayString(dailyDay), slot: daily },
    { period: 'weekly', from: dayString(weeklyEnd - 6 * DAY_MS), to: dayString(weeklyEnd), slot: weekly },
  ];
}

export function summaryId(due: Pick<DueSummary, 'period' | 'from' | 'to'>): string {
  return `summary:${due.period}:${due.from}:${due.to}`;
}

interface Totals {
  trades: number;
  wins: number;
  pnl: number;
  fees: number;
}

const addTo = (totals: Totals, row: DayRow) => {
  totals.trades += row.trades;
  totals.wins += row.wins;
  totals.pnl += row.pnl;
  totals.fees += row.fees;
};

const winRate = (t: Totals) => (t.trades === 0 ? '-' : formatPercent(t.wins / t.trades));

/** The summary text: P&L per asset and for the portfolio, win rate, worst drawdown, fees, closing equity. */
export function formatSummary(due: Pick<DueSummary, 'period' | 'from' | 'to'>, rows: readonly DayRow[]): Alert {
  const perSymbol = new Map<string, Totals>();
  const portfolio: Totals = { trades: 0, wins: 0, pnl: 0, fees: 0 };
  let drawdown: number | null = null;
  let equity: number | null = null;
  for (const row of [...rows].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))) {
    if (row.symbol === PORTFOLIO) {
      if (row.drawdownMax !== null) drawdown = Math.max(drawdown ?? 0, row.drawdownMax);
      if (row.equityLast !== null) equity = row.equityLast;
      continue;
    }
    const totals = perSymbol.get(row.symbol) ?? { trades: 0, wins: 0, pnl: 0, fees: 0 };
    addTo(totals, row);
    perSymbol.set(row.symbol, totals);
    addTo(portfolio, row);
  }
  const range = due.from === due.to ? due.from : `${due.from} to ${due.to}`;
  const lines = [`🧾 ${due.period === 'daily' ? 'Daily' : 'Weekly'} summary ${range} (UTC)`];
  if (portfolio.trades === 0) lines.push('no trades closed');
  for (const [symbol, t] of [...perSymbol].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (t.trades > 0) lines.push(`${symbol}: ${formatUsdt(t.pnl)}, ${t.trades} trades, win rate ${winRate(t)}, fees ${formatAmount(t.fees)}`);
  }
  lines.push(`Portfolio: ${formatUsdt(portfolio.pnl)}, ${portfolio.trades} trades, win rate ${winRate(portfolio)}, fees ${formatAmount(portfolio.fees)}`);
  lines.push(`max drawdown ${drawdown === null ? '-' : formatPercent(drawdown)}${equity === null ? '' : `, equity ${formatAmount(equity)}`}`);
  return { id: summaryId(due), kind: 'summary', severity: 'info', key: summaryId(due), text: lines.join('\n') };
}
