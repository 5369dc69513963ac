import { runFold } from '@mast/core';
import type { CandleColumns, FoldResult } from '@mast/core';
import type { StrategyConfig } from '@mast/contracts';
import type { TimeRange } from './candle-csv-parser';
import { downsampleCloses, downsampleRows, equityCsvStepMinutes, equityRows } from './downsample';
import { loadCandles } from './load-candles';
import { computeMetrics } from './metrics';
import { equityToCsv, openPositionsToJson, summaryToJson, tradesToCsv, tradesToJson, writeOutputFiles } from './outputs';
import type { OutputFile } from './outputs';
import { SILENT_PHASE } from './progress';
import type { ProgressPhase } from './progress';
import { renderReport } from './report-html';
import { buildSummary } from './summary';
import type { BacktestSummary } from './summary';

/** No candle of any symbol inside the requested range: nothing to test, exit 2. */
export class NoCandlesError extends Error {
  override readonly name = 'NoCandlesError';
}

export function isNoCandlesError(error: unknown): error is NoCandlesError {
  return error instanceof NoCandlesError;
}

/** Points per series in report.html: enough for a crisp 1100 px wide chart, small enough to open fast. */
export const REPORT_POINTS_PER_SERIES = 4000;

export interface BacktestRunOptions {
  readonly dataDir: string;
  readonly range: TimeRange;
  readonly config: StrategyConfig;
  readonly outDir: string;
  /** Progress phases, created when the phase starts. */
  readonly progress?: (phase: 'load' | 'fold') => ProgressPhase;
}

export interface BacktestTimings {
  readonly loadMs: number;
  readonly foldMs: number;
  readonly writeMs: number;
}

export interface BacktestRun {
  readonly summary: BacktestSummary;
  readonly files: readonly string[];
  readonly candles: number;
  readonly timings: BacktestTimings;
}

/** Loads the candles, runs the rules and writes every output file: the whole CLI minus its I/O with the user. */
export async function runBacktest(options: BacktestRunOptions): Promise<BacktestRun> {
  const progress = options.progress ?? (() => SILENT_PHASE);
  const { config } = options;

  let started = performance.now();
  const loadPhase = progress('load');
  const loaded = await loadCandles(options.dataDir, config.symbols, options.range, (done, total) => loadPhase.update(done, total));
  loadPhase.end();
  const { columns } = loaded;
  if (columns.length === 0) {
    const range = [options.range.from, options.range.to].map((t) => (t === undefined ? '…' : new Date(t).toISOString())).join(' to ');
    throw new NoCandlesError(`no candles of ${config.symbols.join(', ')} in ${options.dataDir} between ${range}`);
  }
  const loadMs = performance.now() - started;

  started = performance.now();
  const foldPhase = progress('fold');
  const result = runFold(columns, config, { onProgress: (done, total) => foldPhase.update(done, total), progressEvery: 65_536 });
  foldPhase.end();
  const foldMs = performance.now() - started;

  started = performance.now();
  const outputs = renderOutputs(columns, result, config, options.range, loaded.rowsPerSymbol);
  const files = await writeOutputFiles(options.outDir, outputs.contents);
  const writeMs = performance.now() - started;

  return { summary: outputs.summary, files, candles: columns.length, timings: { loadMs, foldMs, writeMs } };
}

/** Every output file's content, from the candles and the fold's result. */
export function renderOutputs(
  columns: CandleColumns,
  result: FoldResult,
  config: StrategyConfig,
  range: TimeRange,
  rowsPerSymbol: readonly number[],
): { summary: BacktestSummary; contents: Record<OutputFile, string> } {
  const n = columns.length;
  const firstTs = n === 0 ? null : (columns.ts[0] as number);
  const lastTs = n === 0 ? null : (columns.ts[n - 1] as number);
  const metrics = computeMetrics({
    symbols: config.symbols,
    trades: result.trades,
    openPositions: result.openPositions,
    initialBalance: result.initialBalance,
    finalBalance: result.finalBalance,
    maxDrawdown: result.maxDrawdown,
    ts: columns.ts,
    equity: result.equity,
  });
  const stepMinutes = equityCsvStepMinutes(firstTs === null || lastTs === null ? 0 : lastTs - firstTs);
  const summary = buildSummary({
    metrics,
    from: range.from,
    to: range.to,
    firstTs,
    lastTs,
    candles: n,
    candlesPerSymbol: Object.fromEntries(config.symbols.map((symbol, i) => [symbol, rowsPerSymbol[i] ?? 0])),
    halted: result.halted,
    eventCounts: result.eventCounts,
    equityCsvStepMinutes: stepMinutes,
    config,
  });
  const report = renderReport({
    summary,
    equity: downsampleRows(columns.ts, result.equity, REPORT_POINTS_PER_SERIES),
    drawdown: downsampleRows(columns.ts, result.drawdown, REPORT_POINTS_PER_SERIES),
    prices: downsampleCloses(columns, REPORT_POINTS_PER_SERIES),
    trades: result.trades,
    openPositions: result.openPositions,
  });
  return {
    summary,
    contents: {
      'trades.json': tradesToJson(result.trades),
      'trades.csv': tradesToCsv(result.trades),
      'open-positions.json': openPositionsToJson(result.openPositions),
      'equity.csv': equityToCsv(equityRows(columns.ts, result.equity, result.drawdown, stepMinutes)),
      'summary.json': summaryToJson(summary),
      'report.html': report,
    },
  };
}
