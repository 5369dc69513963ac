import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCandles } from '@mast/backtest';
import { connectBus, deleteNamespace, silentBusLogger } from '@mast/bus';
import { resolveStrategyConfig } from '@mast/contracts';
import { runFold } from '@mast/core';
import { replayNamespace } from './namespace';
import { gridOf } from './overrides';
import { runReplay } from './replay-run';
import { ROOT } from './run-dir';
import { runSweep } from './sweep-pool';

/**
 * `pnpm bench:replay` on the 2-year BTC/ETH set (../shared/data/binance-perp-2022-2023, or
 * MAST_BENCH_DATA), compiled, with baselines measured in the same run (the machine is shared):
 * 1. Fast-mode replay: BENCH_DAYS (default 30) of candles through signal, risk and execution
 *    processes over JetStream, candles per second end to end.
 * 2. Sweep: a 4x2 grid over the whole set across worker threads, parameter sets x candles per
 *    second, next to one fold on the main thread.
 */
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const dataDir = process.env.MAST_BENCH_DATA ?? join(ROOT, '..', 'shared', 'data', 'binance-perp-2022-2023');
  if (!existsSync(dataDir)) throw new Error(`no benchmark data at ${dataDir} (set MAST_BENCH_DATA)`);
  const symbols = ['BTCUSDT', 'ETHUSDT'];
  const days = Number(process.env.BENCH_DAYS ?? 30);
  const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

  const all = await loadCandles(dataDir, symbols);
  const first = all.columns.ts[0]!;
  const config = resolveStrategyConfig({ symbols });
  let started = performance.now();
  runFold(all.columns, config);
  const single = all.columns.length / ((performance.now() - started) / 1000);
  say(`one fold on the main thread: ${all.columns.length} candles at ${(single / 1e6).toFixed(2)}M candles/s  [baseline]`);

  const workers = Number(process.env.BENCH_WORKERS ?? cpus().length);
  const grid = gridOf([
    { key: 'exits.stopLoss', values: [0.01, 0.015, 0.02, 0.03] },
    { key: 'exits.takeProfit', values: [0.03, 0.06] },
  ]);
  started = performance.now();
  const points = await runSweep(all.columns, { symbols }, grid, workers);
  const sweepSeconds = (performance.now() - started) / 1000;
  const failed = points.filter((p) => p.error !== null).length;
  say(`sweep: ${grid.length} sets x ${all.columns.length} candles in ${sweepSeconds.toFixed(1)} s on ${workers} worker threads = ${((grid.length * all.columns.length) / sweepSeconds / 1e6).toFixed(2)}M candle-steps/s; ${failed} failed`);

  const name = `bench-${randomBytes(2).toString('hex')}`;
  const ns = replayNamespace(name);
  const bus = await connectBus({ servers: natsUrl, name: 'bench-replay', logger: silentBusLogger });
  try {
    const result = await runReplay({ name, ns, source: { kind: 'files', dir: dataDir }, from: first, to: first + days * 86_400_000, overrides: [{ key: 'symbols', value: symbols }], mode: 'fast', natsUrl, outDir: join(tmpdir(), name), say: () => undefined });
    say(`fast-mode replay: ${result.candles} candles (${days} days) through signal, risk and execution in ${result.seconds.toFixed(1)} s = ${(result.candles / result.seconds).toFixed(0)} candles/s; ${result.result.trades.length} trades (${result.executedTrades} executed at the simulator, ${result.exchangeCloses} closed by its own stops, ${result.refusedEntries} entries refused), ${result.equalsBacktest ? "equal to" : "DIFFERENT from"} the backtest`);
  } finally {
    await deleteNamespace(bus.jsm, ns);
    await bus.drain();
  }
  say(`machine: ${cpus().length} cores, node ${process.version}; data: ${dataDir}`);
  say('command: pnpm bench:replay   (= tsc -b tsconfig.build.json && node services/replay/dist/bench-replay.js; BENCH_DAYS=N for the replay slice, BENCH_WORKERS=N)');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-replay: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
