import type { OpenPosition, Trade } from '@mast/core';
import type { Series } from './downsample';
import type { BacktestSummary } from './summary';
import { escapeHtml, lineChart } from './svg-chart';
import type { Scale } from './svg-chart';
import { formatDuration, formatMoney, formatNumber, formatPct, formatRatio, formatSignedMoney, formatTime } from './format';

export interface ReportInput {
  readonly summary: BacktestSummary;
  /** Marked equity at candle close times, downsampled. */
  readonly equity: Series;
  /** Drawdown (0..1) at candle close times, downsampled. */
  readonly drawdown: Series;
  /** Each symbol's close, downsampled, in `summary.symbols` order. */
  readonly prices: readonly Series[];
  readonly trades: readonly Trade[];
  readonly openPositions: readonly OpenPosition[];
}

const CHART_WIDTH = 1100;

/**
 * The run as one self-contained HTML page: inline CSS and SVG, no script, no external resource,
 * so it opens from disk anywhere and can be mailed or archived as it is.
 */
export function renderReport(input: ReportInput): string {
  const { summary } = input;
  const title = `Backtest ${summary.symbols.join(', ')}${summary.range.firstCandle ? ` · ${summary.range.firstCandle.slice(0, 10)} to ${(summary.range.lastCandle ?? '').slice(0, 10)}` : ''}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body><main>',
    header(summary),
    kpis(summary),
    equitySection(input),
    drawdownSection(input),
    symbolTable(summary),
    reasonTable(summary),
    priceSections(input),
    openPositionsSection(input.openPositions),
    runSection(summary),
    '</main></body></html>',
    '',
  ].join('\n');
}

function header(summary: BacktestSummary): string {
  const { range } = summary;
  const span = range.firstCandle ? `${formatTime(range.firstCandle)} → ${formatTime(range.lastCandle ?? '')} UTC` : 'no candles';
  return `<header><div class="eyebrow">MAST backtest</div><h1>${escapeHtml(summary.symbols.join(' · '))}</h1>
<p class="sub">${escapeHtml(span)} · ${formatNumber(range.candles)} candles · ${formatNumber(range.days, 1)} days${summary.halted ? ' · <span class="badge bad">HALTED</span>' : ''}</p></header>`;
}

function card(label: string, value: string, tone: 'good' | 'bad' | '' = '', note = ''): string {
  return `<div class="card"><div class="label">${escapeHtml(label)}</div><div class="value ${tone}">${escapeHtml(value)}</div>${note ? `<div class="note">${escapeHtml(note)}</div>` : ''}</div>`;
}

const toneOf = (value: number | null): 'good' | 'bad' | '' => (value === null || value === 0 ? '' : value > 0 ? 'good' : 'bad');

function kpis(s: BacktestSummary): string {
  return `<section id="summary" class="cards">
${card('Net P&L', formatSignedMoney(s.netPnl), toneOf(s.netPnl), `${formatPct(s.netPnlPct, true)} of ${formatMoney(s.initialBalance)}`)}
${card('Final balance', formatMoney(s.finalBalance), '', `equity ${formatMoney(s.finalEquity)}`)}
${card('Trades', formatNumber(s.tradeCount), '', `${formatNumber(s.wins)} won · ${formatNumber(s.losses)} lost`)}
${card('Win rate', formatPct(s.winRate))}
${card('Profit factor', formatRatio(s.profitFactor))}
${card('Max drawdown', formatPct(s.maxDrawdown), s.maxDrawdown > 0 ? 'bad' : '')}
${card('Sharpe (daily, ann.)', formatRatio(s.sharpe), toneOf(s.sharpe), `${formatNumber(s.tradingDays)} daily returns`)}
${card('Sortino', formatRatio(s.sortino), toneOf(s.sortino))}
${card('Calmar', formatRatio(s.calmar), toneOf(s.calmar), `ann. return ${formatPct(s.annualizedReturn, true)}`)}
${card('Expectancy', s.expectancy === null ? '–' : formatSignedMoney(s.expectancy), toneOf(s.expectancy), 'per trade')}
${card('Avg hold', formatDuration(s.avgHoldMinutes))}
${card('Exposure', formatPct(s.exposure), '', 'time with a position open')}
</section>`;
}

function equitySection(input: ReportInput): string {
  const { equity, summary } = input;
  const [start, end] = spanOf(summary);
  const values = [...equity.y, summary.initialBalance];
  const chart = lineChart({
    id: 'equity',
    width: CHART_WIDTH,
    height: 300,
    xDomain: [start, end],
    yDomain: paddedDomain(Math.min(...values), Math.max(...values)),
    lines: [{ series: equity, className: 'equity-line' }],
    yFormat: (v) => formatMoney(v, 0),
    reference: { y: summary.initialBalance, label: `initial ${formatMoney(summary.initialBalance, 0)}` },
    ariaLabel: 'Equity curve',
  });
  return `<section id="equity"><h2>Equity</h2><p class="hint">Marked equity after every candle (balance plus open positions at the last close).</p>${chart}</section>`;
}

function drawdownSection(input: ReportInput): string {
  const { drawdown, summary } = input;
  const [start, end] = spanOf(summary);
  const negative: Series = { x: drawdown.x, y: drawdown.y.map((v) => -v) };
  const deepest = Math.max(summary.maxDrawdown, 0.001);
  const chart = lineChart({
    id: 'drawdown',
    width: CHART_WIDTH,
    height: 200,
    xDomain: [start, end],
    yDomain: [-deepest * 1.1, 0],
    lines: [{ series: negative, className: 'drawdown-area', areaBase: 0 }],
    yFormat: (v) => formatPct(v, false, 1),
    ariaLabel: 'Drawdown curve',
  });
  return `<section id="drawdown"><h2>Drawdown</h2><p class="hint">Below the running peak of marked equity; max ${escapeHtml(formatPct(summary.maxDrawdown))}.</p>${chart}</section>`;
}

function symbolTable(s: BacktestSummary): string {
  const rows = s.perSymbol.map(
    (r) => `<tr><th scope="row">${escapeHtml(r.symbol)}</th><td>${formatNumber(r.trades)}</td><td>${formatNumber(r.wins)}</td><td>${formatPct(r.winRate)}</td>
<td class="${toneOf(r.netPnl)}">${formatSignedMoney(r.netPnl)}</td><td>${formatMoney(r.fees)}</td><td>${formatRatio(r.profitFactor)}</td><td>${formatDuration(r.avgHoldMinutes)}</td></tr>`,
  );
  const total = `<tr class="total"><th scope="row">All</th><td>${formatNumber(s.tradeCount)}</td><td>${formatNumber(s.wins)}</td><td>${formatPct(s.winRate)}</td>
<td class="${toneOf(s.netPnl)}">${formatSignedMoney(s.netPnl)}</td><td>${formatMoney(s.fees)}</td><td>${formatRatio(s.profitFactor)}</td><td>${formatDuration(s.avgHoldMinutes)}</td></tr>`;
  return `<section id="per-symbol"><h2>Per symbol</h2><table><thead><tr><th>Symbol</th><th>Trades</th><th>Wins</th><th>Win rate</th><th>Net P&amp;L</th><th>Fees</th><th>Profit factor</th><th>Avg hold</th></tr></thead>
<tbody>${rows.join('')}${total}</tbody></table></section>`;
}

function reasonTable(s: BacktestSummary): string {
  const rows = s.perReason.map(
    (r) => `<tr><th scope="row"><span class="reason">${escapeHtml(r.reason)}</span></th><td>${formatNumber(r.count)}</td><td>${formatPct(s.tradeCount === 0 ? null : r.count / s.tradeCount)}</td>
<td>${formatPct(r.count === 0 ? null : r.wins / r.count)}</td><td class="${toneOf(r.netPnl)}">${formatSignedMoney(r.netPnl)}</td><td>${formatSignedMoney(r.count === 0 ? 0 : r.netPnl / r.count)}</td></tr>`,
  );
  const body = rows.length > 0 ? rows.join('') : '<tr><td colspan="6" class="empty">No closed trades</td></tr>';
  return `<section id="per-reason"><h2>Exit reasons</h2><table><thead><tr><th>Reason</th><th>Trades</th><th>Share</th><th>Win rate</th><th>Net P&amp;L</th><th>Avg P&amp;L</th></tr></thead>
<tbody>${body}</tbody></table></section>`;
}

function tradeMarkers(symbol: string, trades: readonly Trade[], open: readonly OpenPosition[], x: Scale, y: Scale): string {
  const out: string[] = [];
  for (const t of trades) {
    if (t.symbol !== symbol) continue;
    const ex = x(t.entryTs).toFixed(1);
    const ey = y(t.entryPrice).toFixed(1);
    const xx = x(t.exitTs).toFixed(1);
    const xy = y(t.exitPrice).toFixed(1);
    const label = `Short ${symbol} · ${t.reason} · ${formatSignedMoney(t.pnl)}\nentry ${formatTime(t.entryTs)} @ ${formatNumber(t.entryPrice, 6)}\nexit ${formatTime(t.exitTs)} @ ${formatNumber(t.exitPrice, 6)}`;
    out.push(
      `<g class="trade ${t.pnl > 0 ? 'win' : 'loss'}"><title>${escapeHtml(label)}</title><line x1="${ex}" y1="${ey}" x2="${xx}" y2="${xy}"/>` +
        `<path class="entry" d="M${ex} ${ey}m-4.5 -3.5h9l-4.5 8z"/><circle class="exit" cx="${xx}" cy="${xy}" r="3.2"/></g>`,
    );
  }
  for (const p of open) {
    if (p.symbol !== symbol) continue;
    const ex = x(p.entryTs).toFixed(1);
    const ey = y(p.entryPrice).toFixed(1);
    const label = `Open short ${symbol} · entry ${formatTime(p.entryTs)} @ ${formatNumber(p.entryPrice, 6)} · unrealised ${formatSignedMoney(p.unrealizedPnl)}`;
    out.push(`<g class="trade open"><title>${escapeHtml(label)}</title><path class="entry" d="M${ex} ${ey}m-4.5 -3.5h9l-4.5 8z"/></g>`);
  }
  return out.join('');
}

function priceSections(input: ReportInput): string {
  const { summary } = input;
  const [start, end] = spanOf(summary);
  const parts = summary.symbols.map((symbol, i) => {
    const series = input.prices[i] ?? { x: [], y: [] };
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of series.y) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    for (const t of input.trades) {
      if (t.symbol !== symbol) continue;
      lo = Math.min(lo, t.entryPrice, t.exitPrice);
      hi = Math.max(hi, t.entryPrice, t.exitPrice);
    }
    const stats = summary.perSymbol.find((r) => r.symbol === symbol);
    const chart =
      series.x.length === 0
        ? '<p class="empty">No candles in range.</p>'
        : lineChart({
            id: `price-${i}`,
            width: CHART_WIDTH,
            height: 280,
            xDomain: [start, end],
            yDomain: paddedDomain(lo, hi),
            lines: [{ series, className: 'price-line' }],
            yFormat: (v) => formatNumber(v, v >= 1000 ? 0 : v >= 10 ? 1 : 3),
            overlay: (x, y) => tradeMarkers(symbol, input.trades, input.openPositions, x, y),
            ariaLabel: `${symbol} close price with trades`,
          });
    const note = stats ? `${formatNumber(stats.trades)} trades · win rate ${formatPct(stats.winRate)} · net ${formatSignedMoney(stats.netPnl)}` : '';
    return `<div class="symbol-chart"><h3>${escapeHtml(symbol)} <span class="muted">${escapeHtml(note)}</span></h3>${chart}</div>`;
  });
  const legend = `<div class="legend"><span><svg width="14" height="12"><path class="legend-entry" d="M2 2h10l-5 9z"/></svg> entry (short)</span><span><svg width="12" height="12"><circle class="legend-exit" cx="6" cy="6" r="4"/></svg> exit</span><span class="swatch win"></span> winning trade <span class="swatch loss"></span> losing trade <span class="swatch open"></span> still open</div>`;
  return `<section id="prices"><h2>Prices and trades</h2><p class="hint">Close price (min/max preserving downsampling); hover a marker for the trade.</p>${legend}${parts.join('')}</section>`;
}

function openPositionsSection(open: readonly OpenPosition[]): string {
  if (open.length === 0) return '';
  const rows = open.map(
    (p) => `<tr><th scope="row">${escapeHtml(p.symbol)}</th><td>${escapeHtml(formatTime(p.entryTs))}</td><td>${formatNumber(p.entryPrice, 6)}</td><td>${formatNumber(p.qty, 6)}</td>
<td>${formatNumber(p.lastClose, 6)}</td><td class="${toneOf(p.unrealizedPnl)}">${formatSignedMoney(p.unrealizedPnl)}</td></tr>`,
  );
  return `<section id="open-positions"><h2>Open at the end</h2><p class="hint">Not trades: their P&amp;L is not in the final balance.</p><table><thead><tr><th>Symbol</th><th>Entry (UTC)</th><th>Entry price</th><th>Qty</th><th>Last close</th><th>Unrealised</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function runSection(s: BacktestSummary): string {
  const events = Object.entries(s.eventCounts)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([type, count]) => `<tr><th scope="row">${escapeHtml(type)}</th><td>${formatNumber(count)}</td></tr>`)
    .join('');
  return `<section id="run"><h2>Run</h2><div class="two-col"><div><h3>Decisions</h3><table class="compact"><tbody>${events || '<tr><td class="empty">none</td></tr>'}</tbody></table></div>
<div><h3>Configuration</h3><pre>${escapeHtml(JSON.stringify(s.config, null, 2))}</pre></div></div></section>`;
}

function spanOf(summary: BacktestSummary): [number, number] {
  const start = summary.spanStart ?? 0;
  const end = summary.spanEnd ?? start + 1;
  return [start, end];
}

function paddedDomain(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.01 || 1;
  return [lo - pad, hi + pad];
}

const STYLE = `
:root{--bg:#f5f6f8;--panel:#fff;--ink:#111827;--muted:#6b7280;--line:#e5e7eb;--accent:#2563eb;--good:#059669;--bad:#dc2626;--open:#9ca3af}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-variant-numeric:tabular-nums}
main{max-width:1180px;margin:0 auto;padding:28px 24px 48px}
header{margin-bottom:18px}
.eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:11px;color:var(--muted);font-weight:600}
h1{font-size:26px;margin:2px 0 4px;font-weight:650}
h2{font-size:16px;margin:0 0 4px;font-weight:650}
h3{font-size:14px;margin:14px 0 6px;font-weight:600}
.sub,.hint,.muted{color:var(--muted)}
.hint{margin:0 0 10px;font-size:12.5px}
.muted{font-weight:400;font-size:12.5px;margin-left:6px}
section{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:0 0 16px;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.cards{display:grid;grid-template-columns:repeat(6,1fr);gap:10px;background:none;border:0;box-shadow:none;padding:0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:10px 12px;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.card .label{font-size:11.5px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.card .value{font-size:20px;font-weight:650;margin-top:2px;white-space:nowrap}
.card .note{font-size:11.5px;color:var(--muted);margin-top:1px}
.good{color:var(--good)}.bad{color:var(--bad)}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600}
.badge.bad{background:#fee2e2;color:var(--bad)}
table{width:100%;border-collapse:collapse;font-size:13px}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}
thead th{font-size:11.5px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;font-weight:600}
tbody th{font-weight:600}
tr.total th,tr.total td{border-top:2px solid var(--line);font-weight:650}
table.compact th,table.compact td{padding:3px 8px}
td.empty{color:var(--muted);text-align:center}
.reason{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.two-col{display:grid;grid-template-columns:minmax(220px,1fr) 2fr;gap:24px}
pre{background:#f9fafb;border:1px solid var(--line);border-radius:8px;padding:10px 12px;font-size:11.5px;max-height:420px;overflow:auto;margin:0}
svg.chart{display:block;font-size:11px}
.plot-bg{fill:#fcfcfd}.frame{fill:none;stroke:#d1d5db}
.grid{stroke:#eef0f3;stroke-width:1}
.tick{fill:var(--muted);font-size:11px}
.reference{stroke:#9ca3af;stroke-dasharray:4 4}
.reference-label{fill:var(--muted);font-size:11px}
.equity-line{fill:none;stroke:var(--accent);stroke-width:1.6;stroke-linejoin:round}
.drawdown-area{fill:rgba(220,38,38,.16);stroke:var(--bad);stroke-width:1.2;stroke-linejoin:round}
.price-line{fill:none;stroke:#475569;stroke-width:1.1;stroke-linejoin:round}
.trade line{stroke-width:1;stroke-opacity:.55}
.trade .entry,.trade .exit{stroke:#fff;stroke-width:.8}
.trade.win line{stroke:var(--good)}.trade.win .entry,.trade.win .exit{fill:var(--good)}
.trade.loss line{stroke:var(--bad)}.trade.loss .entry,.trade.loss .exit{fill:var(--bad)}
.trade.open .entry{fill:var(--open)}
.trade:hover line{stroke-width:2;stroke-opacity:1}
.legend{display:flex;gap:14px;align-items:center;font-size:12.5px;color:var(--muted);margin-bottom:4px}
.legend span{display:inline-flex;align-items:center;gap:5px}
.legend-entry,.legend-exit{fill:#6b7280}
.swatch{width:10px;height:10px;border-radius:2px;display:inline-block}
.swatch.win{background:var(--good)}.swatch.loss{background:var(--bad)}.swatch.open{background:var(--open)}
.symbol-chart h3{margin-top:16px}
@media (max-width:900px){.cards{grid-template-columns:repeat(3,1fr)}.two-col{grid-template-columns:1fr}}
`;

/** The report's stylesheet, shared by the sweep and comparison pages so that they look alike. */
export { STYLE as REPORT_STYLE };
