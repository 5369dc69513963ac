import { formatNumber, formatPct, formatRatio, formatSignedMoney } from './format';
import { REPORT_STYLE } from './report-html';
import { escapeHtml } from './svg-chart';

export interface SweepAxisInput {
  readonly key: string;
  readonly values: readonly unknown[];
}

export interface SweepRow {
  /** The set's value of each axis key. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly netPnl: number | null;
  readonly netPnlPct: number | null;
  readonly trades: number | null;
  readonly winRate: number | null;
  readonly profitFactor: number | null;
  readonly maxDrawdown: number | null;
  readonly sharpe: number | null;
  readonly error?: string | null;
}

export interface SweepReportInput {
  readonly title: string;
  readonly subtitle: string;
  readonly axes: readonly SweepAxisInput[];
  readonly rows: readonly SweepRow[];
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Red for a loss, green for a gain, scaled by the largest absolute P&L of the sweep. */
function cellColor(value: number | null, scale: number): string {
  if (value === null || !Number.isFinite(value) || scale === 0) return '#eef0f3';
  const t = Math.min(1, Math.abs(value) / scale);
  const [r, g, b] = value >= 0 ? [34, 150, 94] : [206, 62, 62];
  const mix = (c: number) => Math.round(255 + (c - 255) * (0.15 + 0.85 * t));
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

/**
 * One heatmap of net P&L over the first two axes (the first across, the second down); a sweep
 * with more axes gets one heatmap per combination of the others.
 */
function heatmaps(input: SweepReportInput): string {
  const [xAxis, yAxis = { key: '', values: [null] }, ...rest] = input.axes;
  if (!xAxis) return '';
  const scale = Math.max(0, ...input.rows.map((r) => Math.abs(r.netPnl ?? 0)));
  let slices: Record<string, unknown>[] = [{}];
  for (const axis of rest) slices = slices.flatMap((slice) => axis.values.map((v) => ({ ...slice, [axis.key]: v })));
  const find = (params: Record<string, unknown>) => input.rows.find((r) => Object.entries(params).every(([k, v]) => k === '' || show(r.params[k]) === show(v)));
  return slices
    .map((slice) => {
      const label = Object.entries(slice).map(([k, v]) => `${k} = ${show(v)}`).join(', ');
      const head = `<tr><th>${escapeHtml(yAxis.key || '')} \\ ${escapeHtml(xAxis.key)}</th>${xAxis.values.map((v) => `<th>${escapeHtml(show(v))}</th>`).join('')}</tr>`;
      const body = yAxis.values
        .map((yv) => {
          const cells = xAxis.values.map((xv) => {
            const row = find({ ...slice, [xAxis.key]: xv, ...(yAxis.key ? { [yAxis.key]: yv } : {}) });
            const value = row?.netPnl ?? null;
            const tip = row ? `${row.trades ?? '–'} trades · max DD ${formatPct(row.maxDrawdown)} · Sharpe ${formatRatio(row.sharpe)}` : 'no result';
            return `<td class="cell" style="background:${cellColor(value, scale)}" title="${escapeHtml(tip)}">${row?.error ? 'error' : escapeHtml(formatSignedMoney(value, 0))}<small>${row ? `${formatNumber(row.trades)} tr` : ''}</small></td>`;
          });
          return `<tr><th scope="row">${escapeHtml(yAxis.key ? show(yv) : '')}</th>${cells.join('')}</tr>`;
        })
        .join('');
      return `<figure class="heatmap">${label ? `<figcaption>${escapeHtml(label)}</figcaption>` : ''}<table class="heat">${head}${body}</table></figure>`;
    })
    .join('\n');
}

function resultsTable(input: SweepReportInput): string {
  const sorted = [...input.rows].sort((a, b) => (b.netPnl ?? -Infinity) - (a.netPnl ?? -Infinity));
  const keys = input.axes.map((a) => a.key);
  const rows = sorted.map(
    (r, i) =>
      `<tr><td>${i + 1}</td>${keys.map((k) => `<td>${escapeHtml(show(r.params[k]))}</td>`).join('')}<td class="${(r.netPnl ?? 0) >= 0 ? 'good' : 'bad'}">${r.error ? escapeHtml(r.error) : formatSignedMoney(r.netPnl)}</td><td>${formatPct(r.netPnlPct, true)}</td><td>${formatNumber(r.trades)}</td><td>${formatPct(r.winRate)}</td><td>${formatRatio(r.profitFactor)}</td><td>${formatPct(r.maxDrawdown)}</td><td>${formatRatio(r.sharpe)}</td></tr>`,
  );
  return `<section id="results"><h2>Results, best first</h2><table><thead><tr><th>#</th>${keys.map((k) => `<th>${escapeHtml(k)}</th>`).join('')}<th>Net P&amp;L</th><th>Return</th><th>Trades</th><th>Win rate</th><th>Profit factor</th><th>Max DD</th><th>Sharpe</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

const HEAT_STYLE = `.heatmap{margin:0 0 22px}.heatmap figcaption{font-weight:600;margin:0 0 6px}.heat td.cell{text-align:center;min-width:84px;font-variant-numeric:tabular-nums;color:#111}.heat td.cell small{display:block;opacity:.7;font-size:11px}.heat th{text-align:center}`;

/** A sweep as one self-contained page: a net P&L heatmap over the grid, then every set ranked. */
export function renderSweepReport(input: SweepReportInput): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${REPORT_STYLE}${HEAT_STYLE}</style>`,
    '</head><body><main>',
    `<header><div class="eyebrow">MAST sweep</div><h1>${escapeHtml(input.title)}</h1><p class="sub">${escapeHtml(input.subtitle)}</p></header>`,
    `<section id="heatmap"><h2>Net P&amp;L heatmap</h2><p class="hint">Each cell is one parameter set folded over the same candles; hover for trades, drawdown and Sharpe.</p>${heatmaps(input)}</section>`,
    resultsTable(input),
    '</main></body></html>',
    '',
  ].join('\n');
}
