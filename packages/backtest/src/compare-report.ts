import type { Trade } from '@mast/core';
import type { Series } from './downsample';
import { formatMoney, formatNumber, formatPct, formatRatio, formatSignedMoney, formatTime } from './format';
import { REPORT_STYLE } from './report-html';
import type { BacktestSummary } from './summary';
import { escapeHtml, lineChart } from './svg-chart';

export interface ComparedRun {
  readonly name: string;
  readonly summary: BacktestSummary;
  readonly equity: Series;
  readonly trades: readonly Trade[];
}

export interface TradeDifference {
  readonly key: string;
  readonly a: Trade | null;
  readonly b: Trade | null;
}

const tradeKey = (t: Trade) => `${t.symbol}@${t.entryTs}`;

/** Trades by (symbol, entry time): those only one run has, and those both have but closed differently. */
export function diffTrades(a: readonly Trade[], b: readonly Trade[]): TradeDifference[] {
  const byA = new Map(a.map((t) => [tradeKey(t), t]));
  const byB = new Map(b.map((t) => [tradeKey(t), t]));
  const keys = [...new Set([...byA.keys(), ...byB.keys()])];
  const out: TradeDifference[] = [];
  for (const key of keys) {
    const ta = byA.get(key) ?? null;
    const tb = byB.get(key) ?? null;
    if (ta && tb && JSON.stringify(ta) === JSON.stringify(tb)) continue;
    out.push({ key, a: ta, b: tb });
  }
  return out.sort((x, y) => (x.a ?? x.b)!.entryTs - (y.a ?? y.b)!.entryTs);
}

/** The figures compared side by side: label, A, B, B - A. */
export function summaryRows(a: BacktestSummary, b: BacktestSummary): [string, string, string, string][] {
  const num = (label: string, f: (s: BacktestSummary) => number | null, fmt: (v: number | null) => string): [string, string, string, string] => {
    const va = f(a);
    const vb = f(b);
    return [label, fmt(va), fmt(vb), va === null || vb === null ? '–' : fmt(vb - va)];
  };
  return [
    num('Net P&L', (s) => s.netPnl, (v) => formatSignedMoney(v)),
    num('Final balance', (s) => s.finalBalance, (v) => formatMoney(v)),
    num('Trades', (s) => s.tradeCount, (v) => formatNumber(v)),
    num('Win rate', (s) => s.winRate, (v) => formatPct(v)),
    num('Profit factor', (s) => s.profitFactor, (v) => formatRatio(v)),
    num('Max drawdown', (s) => s.maxDrawdown, (v) => formatPct(v)),
    num('Sharpe', (s) => s.sharpe, (v) => formatRatio(v)),
    num('Sortino', (s) => s.sortino, (v) => formatRatio(v)),
    num('Expectancy', (s) => s.expectancy, (v) => formatSignedMoney(v)),
    num('Fees', (s) => s.fees, (v) => formatMoney(v)),
  ];
}

const describe = (t: Trade | null) => (t ? `${t.reason} ${formatTime(t.exitTs)} @ ${formatNumber(t.exitPrice, 6)} · ${formatSignedMoney(t.pnl)}` : '–');

/** Two runs on one page: their summaries side by side, equity curves overlaid, the trades that differ. */
export function renderCompareReport(a: ComparedRun, b: ComparedRun): string {
  const start = Math.min(a.equity.x[0] ?? 0, b.equity.x[0] ?? 0);
  const end = Math.max(a.equity.x.at(-1) ?? 1, b.equity.x.at(-1) ?? 1);
  const values = [...a.equity.y, ...b.equity.y, a.summary.initialBalance];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo) * 0.06 || 1;
  const chart = lineChart({
    id: 'equity',
    width: 1100,
    height: 320,
    xDomain: [start, end],
    yDomain: [lo - pad, hi + pad],
    lines: [{ series: a.equity, className: 'equity-line' }, { series: b.equity, className: 'equity-b' }],
    yFormat: (v) => formatMoney(v, 0),
    reference: { y: a.summary.initialBalance, label: `initial ${formatMoney(a.summary.initialBalance, 0)}` },
    ariaLabel: 'Equity curves of both runs',
  });
  const rows = summaryRows(a.summary, b.summary).map(([l, va, vb, d]) => `<tr><th scope="row">${escapeHtml(l)}</th><td>${escapeHtml(va)}</td><td>${escapeHtml(vb)}</td><td>${escapeHtml(d)}</td></tr>`);
  const diffs = diffTrades(a.trades, b.trades);
  const diffRows = diffs.map((d) => `<tr><th scope="row">${escapeHtml((d.a ?? d.b)!.symbol)} ${escapeHtml(formatTime((d.a ?? d.b)!.entryTs))}</th><td>${escapeHtml(describe(d.a))}</td><td>${escapeHtml(describe(d.b))}</td></tr>`);
  const title = `${a.name} vs ${b.name}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_STYLE}.equity-b{fill:none;stroke:#d97706;stroke-width:1.6;stroke-linejoin:round}.key-a{color:var(--accent)}.key-b{color:#d97706}</style>`,
    '</head><body><main>',
    `<header><div class="eyebrow">MAST comparison</div><h1><span class="key-a">A ${escapeHtml(a.name)}</span> vs <span class="key-b">B ${escapeHtml(b.name)}</span></h1><p class="sub">${diffs.length} of ${formatNumber(Math.max(a.trades.length, b.trades.length))} trades differ</p></header>`,
    `<section id="summary"><h2>Summaries</h2><table><thead><tr><th></th><th>A</th><th>B</th><th>B − A</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`,
    `<section id="equity"><h2>Equity, overlaid</h2><p class="hint"><span class="key-a">A</span> and <span class="key-b">B</span>, marked after every candle.</p>${chart}</section>`,
    `<section id="trades"><h2>Trades that differ</h2><table><thead><tr><th>Trade (symbol, entry)</th><th>A</th><th>B</th></tr></thead><tbody>${diffRows.join('') || '<tr><td colspan="3" class="empty">The runs made the same trades</td></tr>'}</tbody></table></section>`,
    '</main></body></html>',
    '',
  ].join('\n');
}
