/**
 * Backtest throughput: `pnpm bench:backtest`.
 *
 * Data: $MAST_BENCH_DATA, else ../shared/data/binance-perp-2022-2023 beside the repo (2 years of
 * BTCUSDT and ETHUSDT, 2.1M candles, read in place), else a generated random walk of the same size
 * (fixed seed) written to a temporary folder and removed at the end.
 *
 * Figures: the core loop alone (runFold on preloaded columns, best of 3), the load phase alone
 * (gzip CSV -> merged columns, best of 3) and end to end (gzip CSV -> columns -> fold -> every
 * output file incl. report.html; the first, cold run and the best of 3).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveStrategyConfig } from '@mast/contracts';
import { runFold } from '@mast/core';
import { loadCandles, runBacktest } from '../index';
import { writeRandomWalkFiles } from './random-walk';

// Same depth from src/bench (tsx) and dist/bench (the compiled run): packages/backtest/*/bench.
const ROOT = resolve(__dirname, '..', '..', '..', '..');
const TARGET_CORE = 5_000_000;
const TARGET_END_TO_END = 1_000_000;
const RUNS = 3;
const PREFERRED_ORDER = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

async function symbolsIn(dir: string): Promise<string[]> {
  const suffix = '-1m.csv.gz';
  const names = (await readdir(dir)).filter((name) => name.endsWith(suffix)).map((name) => name.slice(0, -suffix.length));
  const rank = (s: string): number => (PREFERRED_ORDER.includes(s) ? PREFERRED_ORDER.indexOf(s) : PREFERRED_ORDER.length);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const perSecond = (candles: number, ms: number): number => (candles / ms) * 1000;
const rate = (candles: number, ms: number): string => `${(perSecond(candles, ms) / 1e6).toFixed(2)}M candles/s (${ms.toFixed(0)} ms)`;
const verdict = (candles: number, ms: number, target: number): string =>
  `target >= ${(target / 1e6).toFixed(0)}M/s: ${perSecond(candles, ms) >= target ? 'pass' : 'below'}`;

async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

async function main(): Promise<void> {
  const shared = process.env.MAST_BENCH_DATA ?? join(ROOT, '..', 'shared', 'data', 'binance-perp-2022-2023');
  let dataDir = shared;
  let generated: string | null = null;
  let source: string;
  if (existsSync(shared) && (await symbolsIn(shared)).length > 0) {
    source = `${shared} (read in place)`;
  } else {
    generated = await mkdtemp(join(tmpdir(), 'mast-bench-data-'));
    dataDir = generated;
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    process.stderr.write(`no data at ${shared}: generating a random walk of ${symbols.length} x 1,051,200 candles...\n`);
    await writeRandomWalkFiles(dataDir, symbols, 1_051_200, 20220101);
    source = `generated random walk, seed 20220101, in ${dataDir}`;
  }
  const out = await mkdtemp(join(tmpdir(), 'mast-bench-out-'));
  try {
    const symbols = await symbolsIn(dataDir);
    const config = resolveStrategyConfig({ symbols });

    const cold = await timed(() => runBacktest({ dataDir, range: {}, config, outDir: join(out, 'cold') }));
    const candles = cold.value.candles;

    // Each load's result is dropped before the next, so one run's garbage does not weigh on the next.
    const loads: number[] = [];
    for (let i = 0; i < RUNS; i++) loads.push((await timed(async () => (await loadCandles(dataDir, symbols)).columns.length)).ms);
    const { columns } = await loadCandles(dataDir, symbols);

    const folds: number[] = [];
    let trades = 0;
    for (let i = 0; i < RUNS; i++) {
      const fold = await timed(() => runFold(columns, config));
      folds.push(fold.ms);
      trades = fold.value.trades.length;
    }

    const ends: { ms: number; timings: { loadMs: number; foldMs: number; writeMs: number } }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await timed(() => runBacktest({ dataDir, range: {}, config, outDir: join(out, `run-${i}`) }));
      ends.push({ ms: run.ms, timings: run.value.timings });
    }

    const bestFold = Math.min(...folds);
    const bestLoad = Math.min(...loads);
    const bestEnd = ends.reduce((best, run) => (run.ms < best.ms ? run : best));
    const t = bestEnd.timings;
    const lines = [
      `backtest benchmark: ${candles.toLocaleString('en-US')} candles of ${symbols.join(', ')}, ${trades} trades`,
      `data:          ${source}`,
      `core loop:     ${rate(candles, bestFold)}  best of ${RUNS} runFold on preloaded columns  [${verdict(candles, bestFold, TARGET_CORE)}]`,
      `load phase:    ${rate(candles, bestLoad)}  best of ${RUNS} (gunzip + parse + validate + merge)`,
      `end to end:    ${rate(candles, bestEnd.ms)}  best of ${RUNS} (load ${t.loadMs.toFixed(0)} + fold ${t.foldMs.toFixed(0)} + outputs ${t.writeMs.toFixed(0)} ms)  [${verdict(candles, bestEnd.ms, TARGET_END_TO_END)}]`,
      `end to end:    ${rate(candles, cold.ms)}  first (cold) run in this process  [${verdict(candles, cold.ms, TARGET_END_TO_END)}]`,
      `machine:       ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), node ${process.version}`,
      `command:       pnpm bench:backtest  (= tsc -b tsconfig.build.json && node packages/backtest/dist/bench/backtest-bench.js, the compiled code as production runs it${process.env.MAST_BENCH_DATA ? `, MAST_BENCH_DATA=${process.env.MAST_BENCH_DATA}` : ''})`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await rm(out, { recursive: true, force: true });
    if (generated) await rm(generated, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
