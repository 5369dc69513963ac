import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { renderSweepReport, type SweepRow } from '@mast/backtest';
import type { Bus } from '@mast/bus';
import { resolveStrategyConfig, deepMerge } from '@mast/contracts';
import { describeSource, loadReplayCandles, type CandleSource } from './candle-source';
import { describeOverrides, gridOf, overridesObject, type Override, type SweepAxis } from './overrides';
import { runSweep, type SweepPoint } from './sweep-pool';

export interface SweepOptions {
  readonly name: string;
  readonly source: CandleSource;
  readonly from: number;
  readonly to: number;
  readonly symbols?: readonly string[];
  /** `--set` overrides every set shares. */
  readonly base: readonly Override[];
  readonly axes: readonly SweepAxis[];
  readonly workers: number;
  readonly outDir: string;
  readonly say: (line: string) => void;
}

export interface SweepResult {
  readonly points: readonly SweepPoint[];
  readonly candles: number;
  readonly seconds: number;
  /** Parameter sets times candles, per second of wall time. */
  readonly candleStepsPerSecond: number;
  readonly files: readonly string[];
}

/** Sets ranked by net P&L, failed ones last. */
export function ranked(points: readonly SweepPoint[]): SweepPoint[] {
  return [...points].sort((a, b) => (b.figures?.netPnl ?? -Infinity) - (a.figures?.netPnl ?? -Infinity));
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** A parameter sweep on the pure core: every set of the grid over the same candles, across worker threads. */
export async function runSweepCommand(options: SweepOptions, bus: Bus | null): Promise<SweepResult> {
  const { say } = options;
  const base = overridesObject(options.symbols ? [...options.base, { key: 'symbols', value: options.symbols }] : options.base);
  const symbols = resolveStrategyConfig(base).symbols;
  const sets = gridOf(options.axes);
  // Every set must be a valid config before any work starts: a typo fails at once, naming the key.
  for (const set of sets) resolveStrategyConfig(deepMerge(base, overridesObject(set)));
  const { columns } = await loadReplayCandles(options.source, symbols, options.from, options.to, bus, { events: false });
  say(`sweep ${options.name}: ${sets.length} parameter sets over ${columns.length} candles of ${symbols.join(', ')} (${describeSource(options.source)}), ${options.workers} worker threads`);
  const started = performance.now();
  let lastReport = 0;
  const points = await runSweep(columns, base, sets, options.workers, (done, total) => {
    if (done === total || Date.now() - lastReport > 5000) {
      lastReport = Date.now();
      say(`progress: ${done}/${total} sets`);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const rows: SweepRow[] = points.map((p) => ({
    params: Object.fromEntries(p.overrides.map((o) => [o.key, o.value])),
    netPnl: p.figures?.netPnl ?? null,
    netPnlPct: p.figures?.netPnlPct ?? null,
    trades: p.figures?.trades ?? null,
    winRate: p.figures?.winRate ?? null,
    profitFactor: p.figures?.profitFactor ?? null,
    maxDrawdown: p.figures?.maxDrawdown ?? null,
    sharpe: p.figures?.sharpe ?? null,
    error: p.error,
  }));
  const candleStepsPerSecond = (sets.length * columns.length) / seconds;
  const subtitle = `${symbols.join(', ')} · ${new Date(options.from).toISOString().slice(0, 10)} to ${new Date(options.to).toISOString().slice(0, 10)} · ${columns.length} candles · ${sets.length} sets · common overrides: ${describeOverrides(options.base)}`;
  await mkdir(options.outDir, { recursive: true });
  const keys = options.axes.map((a) => a.key);
  const csv = [[...keys, 'netPnl', 'netPnlPct', 'trades', 'winRate', 'profitFactor', 'maxDrawdown', 'sharpe', 'error'].join(',')];
  for (const r of rows) csv.push([...keys.map((k) => show(r.params[k]).replace(/,/g, ';')), r.netPnl, r.netPnlPct, r.trades, r.winRate, r.profitFactor, r.maxDrawdown, r.sharpe, r.error ?? ''].map((v) => (v === null ? '' : String(v))).join(','));
  const files = [join(options.outDir, 'sweep.html'), join(options.outDir, 'sweep.csv'), join(options.outDir, 'sweep.json')];
  await writeFile(files[0]!, renderSweepReport({ title: `Sweep ${options.name}`, subtitle, axes: options.axes, rows }));
  await writeFile(files[1]!, `${csv.join('\n')}\n`);
  await writeFile(files[2]!, `${JSON.stringify({ name: options.name, from: new Date(options.from).toISOString(), to: new Date(options.to).toISOString(), symbols, base: options.base, axes: options.axes, candles: columns.length, seconds, points }, null, 2)}\n`);
  return { points, candles: columns.length, seconds, candleStepsPerSecond, files };
}

/** The sweep as a text table, best first. */
export function sweepTable(points: readonly SweepPoint[], limit = 20): string {
  const top = ranked(points).slice(0, limit);
  const cells = top.map((p, i) => [String(i + 1), describeOverrides(p.overrides), p.figures ? p.figures.netPnl.toFixed(2) : `error: ${p.error}`, p.figures ? String(p.figures.trades) : '', p.figures ? `${(p.figures.maxDrawdown * 100).toFixed(2)}%` : '', p.figures?.sharpe?.toFixed(2) ?? '–']);
  const header = ['#', 'set', 'net P&L', 'trades', 'max DD', 'Sharpe'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 1 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [line(header), ...cells.map(line)].join('\n');
}
