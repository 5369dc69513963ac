import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadCandles } from '@mast/backtest';
import { connectBus, createPublisher, deleteNamespace, provisionNamespace, silentBusLogger, type Bus } from '@mast/bus';
import { candleEventId, subjects, type MastEvent } from '@mast/contracts';
import { envelope } from '@mast/pipeline';
import { ROOT, runPaper } from './paper-run';
import { startServiceProcess, stopAll, waitReady } from './processes';

/**
 * `pnpm bench:pipeline`: the pipeline's figures next to baselines measured in the same run,
 * since the machine is shared.
 * 1. Raw JetStream: publish with msg ids, 1,000 in flight (the ceiling for any service).
 * 2. Fast mode: the sample's candles published onto the candle stream as fast as JetStream takes
 *    them, through the signal and risk processes, until risk has marked the last one.
 * 3. Lockstep paper run (simulator, all four services) with fast EMAs so that it trades often:
 *    candle close -> order accepted at the simulator, p50 and p99; peak RSS of each service.
 * 4. Projection rebuild from offset 0 vs a raw Postgres COPY of the same rows (the read-model
 *    package's own benchmark, run here with fewer repetitions so one command prints every figure).
 */
const say = (line: string) => process.stdout.write(`${line}\n`);
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

async function rawPublishRate(bus: Bus, ns: string, events: MastEvent[]): Promise<number> {
  const subject = subjects(ns).candle('BTCUSDT');
  const payloads = events.map((e) => JSON.stringify(e));
  const started = performance.now();
  for (let i = 0; i < payloads.length; i += 1000) {
    const burst = payloads.slice(i, i + 1000).map((payload, k) => bus.js.publish(subject, payload, { msgID: `raw-${i + k}` }));
    await Promise.all(burst);
  }
  return payloads.length / ((performance.now() - started) / 1000);
}

async function fastModeRate(bus: Bus, ns: string, events: MastEvent[]): Promise<number> {
  const env = { ...process.env, MAST_NS: ns, MAST_NATS_URL: natsUrl, MAST_LOG_LEVEL: 'warn' };
  const services = ['signal', 'risk'].map((name, i) => startServiceProcess(ROOT, name, i, 21_460 + i, env, say));
  try {
    await Promise.all(services.map((s) => waitReady(s, 60_000)));
    let marked = 0;
    const done = new Promise<void>((resolve) => {
      bus.nc.subscribe(subjects(ns).marked(), { callback: () => {
        if (++marked === events.length) resolve();
      } });
    });
    await bus.nc.flush();
    const publisher = createPublisher(bus, { ns });
    const started = performance.now();
    for (let i = 0; i < events.length; i += 5000) await publisher.publishMany(events.slice(i, i + 5000));
    await done;
    return events.length / ((performance.now() - started) / 1000);
  } finally {
    await stopAll(services);
  }
}

async function main(): Promise<void> {
  const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
  const days = Number(process.env.BENCH_DAYS ?? 5);
  const dataDir = join(ROOT, 'data', 'sample');
  const first = (await loadCandles(dataDir, symbols)).columns.ts[0]!;
  const { columns } = await loadCandles(dataDir, symbols, { from: first, to: first + days * 86_400_000 });
  const events: MastEvent[] = [];
  for (let i = 0; i < columns.length; i++) {
    const symbol = symbols[columns.symbolIndex[i]!]!;
    const ts = columns.ts[i]!;
    events.push(envelope('CandleClosed', { symbol, ts, open: columns.open[i]!, high: columns.high[i]!, low: columns.low[i]!, close: columns.close[i]!, volume: columns.volume[i]! }, { id: candleEventId(symbol, ts), ts: ts + 60_000, source: 'bench', causationId: null, correlationId: null }));
  }

  const bus = await connectBus({ servers: natsUrl, name: 'bench-pipeline', logger: silentBusLogger });
  const rawNs = `bench-raw-${randomBytes(2).toString('hex')}`;
  const fastNs = `bench-fast-${randomBytes(2).toString('hex')}`;
  try {
    await provisionNamespace(bus.jsm, rawNs);
    const raw = await rawPublishRate(bus, rawNs, events);
    say(`raw JetStream publish (msg ids, 1000 in flight): ${raw.toFixed(0)} msg/s  [baseline]`);
    await provisionNamespace(bus.jsm, fastNs);
    const fast = await fastModeRate(bus, fastNs, events);
    say(`fast mode, candles through signal and risk: ${fast.toFixed(0)} candles/s = ${((fast / raw) * 100).toFixed(0)}% of raw  [target >= 50%: ${fast >= raw / 2 ? 'pass' : 'below'}]`);
  } finally {
    await deleteNamespace(bus.jsm, rawNs);
    await deleteNamespace(bus.jsm, fastNs);
    await bus.drain();
  }

  const result = await runPaper({
    dataDir,
    natsUrl,
    ns: `bench-lock-${randomBytes(2).toString('hex')}`,
    // Fast EMAs trade often, for enough order latencies to make percentiles of.
    strategy: { ema: { fast: 5, slow: 13 }, entry: { maxCrosses24h: 200 } },
    from: first,
    to: first + 2 * 86_400_000,
    portBase: 22_460,
    kills: new Map(),
    cleanup: true,
    logLevel: 'warn',
    say: () => undefined,
  });
  const lat = result.orderLatenciesMs;
  say(`lockstep paper run: ${result.candles} candles in ${result.seconds.toFixed(1)} s (${(result.candles / result.seconds).toFixed(0)} candles/s), ${result.ordersPlaced} orders, decisions ${result.report.decisionsEqual ? 'equal to' : 'DIFFERENT from'} the backtest`);
  say(`candle close -> order accepted at the simulator (${lat.length} orders): p50 ${percentile(lat, 50).toFixed(2)} ms, p99 ${percentile(lat, 99).toFixed(2)} ms  [targets p50 <= 1.5 ms, p99 <= 5 ms: ${percentile(lat, 50) <= 1.5 && percentile(lat, 99) <= 5 ? 'pass' : 'below'}]`);
  say(`peak RSS: ${Object.entries(result.peakRss).map(([name, bytes]) => `${name} ${(bytes / 2 ** 20).toFixed(0)} MB`).join(', ')}  [target <= 150 MB each]`);
  say('projection rebuild vs raw COPY (packages/read-model/bench/rebuild.bench.ts, RUNS=3):');
  const rebuild = spawnSync(process.execPath, ['--conditions=@mast/source', '--import', 'tsx', join(ROOT, 'packages', 'read-model', 'bench', 'rebuild.bench.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, RUNS: process.env.RUNS ?? '3' },
  });
  if (rebuild.status !== 0) throw new Error(`the rebuild benchmark failed (${rebuild.status}): ${rebuild.stderr.slice(-2000)}`);
  for (const line of rebuild.stdout.trimEnd().split('\n')) say(`  ${line}`);
  say(`machine: ${cpus().length} cores, node ${process.version}; candles: ${events.length} (${days} days of data/sample)`);
  say('command: pnpm bench:pipeline   (BENCH_DAYS=N for the fast-mode slice)');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-pipeline: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
