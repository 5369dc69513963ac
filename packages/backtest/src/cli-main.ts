import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { isConfigError } from '@mast/contracts';
import { isCandleFileError } from './candle-file-error';
import { isUsageError, parseCliArgs, UsageError, USAGE } from './cli-args';
import { readConfigFile, resolveRunConfig } from './config-file';
import { Progress } from './progress';
import type { ProgressSink } from './progress';
import { isNoCandlesError, runBacktest } from './run-backtest';
import { formatSummaryTable } from './summary-table';

export const EXIT_OK = 0;
export const EXIT_UNEXPECTED = 1;
export const EXIT_BAD_INPUT = 2;

/** The repo's 51-day BTC/ETH/SOL sample, found from this file (src/ or dist/), not from the cwd. */
export const DEFAULT_DATA_DIR = resolve(__dirname, '..', '..', '..', 'data', 'sample');

export interface CliIo {
  readonly stdout: ProgressSink;
  readonly stderr: ProgressSink;
  readonly cwd: string;
  /** Wall clock for the default output folder's name. */
  readonly now: () => Date;
}

const PROCESS_IO: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), now: () => new Date() };

/** `out/backtest-20250510-123456` (UTC), under the cwd. */
export function defaultOutDir(cwd: string, now: Date): string {
  const stamp = now.toISOString().slice(0, 19).replace(/-/g, '').replace('T', '-').replace(/:/g, '');
  return resolve(cwd, 'out', `backtest-${stamp}`);
}

/** Runs the CLI; returns the exit code. Bad input of any kind is one message on stderr and exit 2. */
export async function main(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  try {
    const options = parseCliArgs(argv);
    if (options.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    const dataDir = resolve(io.cwd, options.dataDir ?? DEFAULT_DATA_DIR);
    const dataInfo = await stat(dataDir).catch(() => null);
    if (!dataInfo?.isDirectory()) throw new UsageError(`--data ${dataDir}: no such folder`);
    const configFile = options.configFile === undefined ? undefined : resolve(io.cwd, options.configFile);
    const override = configFile === undefined ? undefined : await readConfigFile(configFile);
    const config = resolveRunConfig(override, configFile, options.symbols);
    const outDir = options.outDir === undefined ? defaultOutDir(io.cwd, io.now()) : resolve(io.cwd, options.outDir);

    const progress = new Progress(io.stderr);
    const run = await runBacktest({
      dataDir,
      range: { from: options.from, to: options.to },
      config,
      outDir,
      progress: (phase) => (phase === 'load' ? progress.phase('loading', 'MB', 1 << 20) : progress.phase('folding', 'M candles', 1e6)),
    });

    const shown = relative(io.cwd, outDir) || '.';
    io.stdout.write(`${formatSummaryTable(run.summary)}\n\n`);
    io.stdout.write(`Wrote ${run.files.length} files to ${shown.startsWith('..') ? outDir : shown}: ${run.files.map((f) => f.slice(outDir.length + 1)).join(', ')}\n`);
    io.stdout.write(`Report: ${resolve(outDir, 'report.html')}\n`);
    return EXIT_OK;
  } catch (error) {
    if (isUsageError(error)) {
      io.stderr.write(`error: ${error.message}\nRun with --help for the options.\n`);
      return EXIT_BAD_INPUT;
    }
    if (isConfigError(error) || isCandleFileError(error) || isNoCandlesError(error)) {
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr.write(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_UNEXPECTED;
  }
}
