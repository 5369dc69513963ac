import type { Series } from './downsample';

/**
 * Just enough SVG charting for the report: time on x, one value on y, lines or areas, axes with
 * round ticks, and a hook to draw markers in the chart's coordinates. Output is a string so the
 * report stays one self-contained file with no script needed to see it.
 */

export interface Scale {
  (value: number): number;
}

export interface ChartLine {
  readonly series: Series;
  readonly className: string;
  /** Fill between the line and `y = areaBase` instead of only stroking it. */
  readonly areaBase?: number;
}

export interface ChartOptions {
  readonly width: number;
  readonly height: number;
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  readonly lines: readonly ChartLine[];
  readonly yFormat: (value: number) => string;
  /** Dashed horizontal reference line (e.g. the initial balance). */
  readonly reference?: { readonly y: number; readonly label: string };
  /** Extra SVG drawn above the lines, given the scales. */
  readonly overlay?: (x: Scale, y: Scale) => string;
  readonly ariaLabel: string;
  /** Unique within the page (names the clip path). */
  readonly id: string;
}

const MARGIN = { top: 14, right: 18, bottom: 28, left: 76 } as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function round1(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/** "Nice" tick values (1, 2, 2.5, 5 times a power of ten) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Time ticks at round UTC hours, days or months, at most about `maxTicks` of them. */
export function timeTicks(start: number, end: number, maxTicks = 8): { value: number; label: string }[] {
  const span = end - start;
  if (!(span > 0)) return [];
  const pad = (n: number): string => String(n).padStart(2, '0');
  for (const step of [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY]) {
    if (span / step > maxTicks) continue;
    const ticks: { value: number; label: string }[] = [];
    // Weekly ticks fall on Mondays (the epoch was a Thursday).
    const offset = step >= 7 * DAY ? 4 * DAY : 0;
    for (let v = Math.ceil((start - offset) / step) * step + offset; v <= end; v += step) {
      const d = new Date(v);
      const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
      ticks.push({ value: v, label: step < DAY ? `${day} ${pad(d.getUTCHours())}:00` : day });
    }
    return ticks;
  }
  for (const months of [1, 2, 3, 6, 12, 24, 60]) {
    if (span / (months * 30.44 * DAY) > maxTicks) continue;
    const ticks: { value: number; label: string }[] = [];
    const first = new Date(start);
    let absolute = first.getUTCFullYear() * 12 + first.getUTCMonth();
    if (Date.UTC(first.getUTCFullYear(), first.getUTCMonth()) < start) absolute++;
    for (absolute = Math.ceil(absolute / months) * months; ; absolute += months) {
      const year = Math.floor(absolute / 12);
      const month = absolute % 12;
      const v = Date.UTC(year, month);
      if (v > end) break;
      ticks.push({ value: v, label: month === 0 ? String(year) : `${MONTHS[month]} ${year}` });
    }
    return ticks;
  }
  return [];
}

/** Path data through the points; `areaBase` closes it down to that y for a filled area. */
function pathOf(series: Series, x: Scale, y: Scale, areaBase?: number): string {
  const n = series.x.length;
  if (n === 0) return '';
  const parts: string[] = new Array(n);
  for (let i = 0; i < n; i++) parts[i] = `${i === 0 ? 'M' : 'L'}${round1(x(series.x[i] as number))} ${round1(y(series.y[i] as number))}`;
  let d = parts.join('');
  if (areaBase !== undefined) {
    const base = round1(y(areaBase));
    d += `L${round1(x(series.x[n - 1] as number))} ${base}L${round1(x(series.x[0] as number))} ${base}Z`;
  }
  return d;
}

export function lineChart(options: ChartOptions): string {
  const { width, height, xDomain, yDomain } = options;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const [x0, x1] = xDomain;
  let [y0, y1] = yDomain;
  if (!(y1 > y0)) {
    const pad = Math.abs(y0) * 0.01 || 1;
    y0 -= pad;
    y1 += pad;
  }
  const xSpan = x1 > x0 ? x1 - x0 : 1;
  const x: Scale = (v) => MARGIN.left + ((v - x0) / xSpan) * plotW;
  const y: Scale = (v) => MARGIN.top + (1 - (v - y0) / (y1 - y0)) * plotH;

  const out: string[] = [];
  out.push(`<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(options.ariaLabel)}" preserveAspectRatio="xMidYMid meet">`);
  out.push(`<rect class="plot-bg" x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}"/>`);
  for (const tick of niceTicks(y0, y1, Math.max(3, Math.round(plotH / 45)))) {
    const ty = round1(y(tick));
    out.push(`<line class="grid" x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${ty}" y2="${ty}"/>`);
    out.push(`<text class="tick" x="${MARGIN.left - 8}" y="${ty}" text-anchor="end" dominant-baseline="middle">${escapeHtml(options.yFormat(tick))}</text>`);
  }
  for (const tick of timeTicks(x0, x1, Math.max(3, Math.floor(plotW / 110)))) {
    const tx = round1(x(tick.value));
    out.push(`<line class="grid" x1="${tx}" x2="${tx}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}"/>`);
    out.push(`<text class="tick" x="${tx}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${escapeHtml(tick.label)}</text>`);
  }
  out.push(`<clipPath id="clip-${options.id}"><rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}"/></clipPath>`);
  out.push(`<g clip-path="url(#clip-${options.id})">`);
  if (options.reference && options.reference.y >= y0 && options.reference.y <= y1) {
    const ry = round1(y(options.reference.y));
    out.push(`<line class="reference" x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${ry}" y2="${ry}"/>`);
    out.push(`<text class="reference-label" x="${MARGIN.left + plotW - 6}" y="${round1(y(options.reference.y) - 5)}" text-anchor="end">${escapeHtml(options.reference.label)}</text>`);
  }
  for (const line of options.lines) {
    out.push(`<path class="${line.className}" d="${pathOf(line.series, x, y, line.areaBase)}"/>`);
  }
  if (options.overlay) out.push(options.overlay(x, y));
  out.push('</g>');
  out.push(`<rect class="frame" x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}"/>`);
  out.push('</svg>');
  return out.join('');
}
