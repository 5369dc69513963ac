import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { diffTrades, renderCompareReport, summaryRows, type BacktestSummary, type ComparedRun } from '@mast/backtest';
import type { Trade } from '@mast/core';
import { resolveRunDir, RUNS_DIR } from './run-dir';

const USAGE = `pnpm compare RUN_A RUN_B [--out FILE]
Two runs (a name under runs/, or a folder with summary.json, trades.json and equity.csv: a replay
or a backtest) side by side: summaries, equity curves overlaid, and the trades that differ.`;

function loadRun(arg: string): ComparedRun {
  const dir = resolveRunDir(arg);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as BacktestSummary;
  const trades = JSON.parse(readFileSync(join(dir, 'trades.json'), 'utf8')) as Trade[];
  const x: number[] = [];
  const y: number[] = [];
  for (const line of readFileSync(join(dir, 'equity.csv'), 'utf8').split('\n').slice(1)) {
    if (!line) continue;
    const [T, equity] = line.split(',');
    x.push(Number(T));
    y.push(Number(equity));
  }
  return { name: basename(dir), summary, trades, equity: { x, y } };
}

function main(argv: string[]): number {
  const args = argv.filter((a) => a !== '--');
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args[outAt + 1] : undefined;
  const runs = args.filter((_a, i) => outAt < 0 || (i !== outAt && i !== outAt + 1));
  if (runs.length !== 2) {
    process.stderr.write(`compare: give exactly two runs\n${USAGE}\n`);
    return 2;
  }
  let a: ComparedRun;
  let b: ComparedRun;
  try {
    [a, b] = [loadRun(runs[0]!), loadRun(runs[1]!)];
  } catch (error) {
    process.stderr.write(`compare: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const rows = [['', `A ${a.name}`, `B ${b.name}`, 'B - A'], ...summaryRows(a.summary, b.summary)];
  const widths = rows[0]!.map((_c, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) say(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  const diffs = diffTrades(a.trades, b.trades);
  say(`\ntrades that differ: ${diffs.length} (A ${a.trades.length}, B ${b.trades.length})`);
  const show = (t: Trade | null) => (t ? `${t.reason} exit ${new Date(t.exitTs).toISOString().slice(0, 16)} @ ${t.exitPrice} pnl ${t.pnl.toFixed(2)}` : '-');
  for (const d of diffs.slice(0, 40)) say(`  ${d.key.replace('@', ' entry ')} ${new Date((d.a ?? d.b)!.entryTs).toISOString().slice(0, 16)}: A ${show(d.a)} | B ${show(d.b)}`);
  if (diffs.length > 40) say(`  ... ${diffs.length - 40} more in the report`);
  const file = out ?? join(RUNS_DIR, `compare-${a.name}-vs-${b.name}.html`);
  void writeFile(file, renderCompareReport(a, b)).then(() => say(`report: ${file}`));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
