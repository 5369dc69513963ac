import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadCandles } from '@mast/backtest';
import { connectBus, createPublisher, deleteNamespace, ensureConsumer, provisionNamespace, silentBusLogger, type Bus } from '@mast/bus';
import { candleEventId, consumerDefinitions, subjects, type MastEvent } from '@mast/contracts';
import { envelope } from '@mast/pipeline';
import { cpuSecondsOf, localNatsServerPid } from './cpu-usage';
import { exchangeCallLatency } from './exchange-call-latency';
import { HOPS, timeHops } from './hop-timer';
import { ROOT, runPaper } from './paper-run';
import { startServiceProcess, stopAll, waitReady } from './processes';

/**
 * `pnpm bench:pipeline`: the pipeline's figures next to baselines measured in the same run,
 * since the machine is shared.
 * 1. Raw JetStream: publish with msg ids, 1,000 in flight (the ceiling for any service).
 * 2. Fast mode: the sample's candles published onto the candle stream as fast as JetStream takes
 *    them, through the signal and risk processes, until risk has marked the last one; and under
 *    it, the floor: the same candles read and acked by two processes that do nothing else.
 * 3. A steady stream: every service against the simulator, one minute played every PACE ms (a
 *    live feed's even rhythm, sped up) with rules that trade every few minutes: candle close ->
 *    order accepted at the simulator, p50/p90/p99, with the time per hop on the bus; peak RSS of
 *    each service; the pipeline's decisions compared with the backtest's.
 * 4. Projection rebuild from offset 0 vs a raw Postgres COPY of the same rows (the read-model
 *    package's own benchmark, run here with fewer repetitions so one command prints every figure).
 */
const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Rules that trade every few minutes (fast EMAs, no regime filter, no cooldowns, short holds),
 * for a stream of orders to take percentiles of. The pace keeps the stream within the order
 * budget that the adapter's ccxt client allows itself (250 cost units per 5 s, 12.5 per order
 * with its lookups): a faster one measures the client's own throttle, not the pipeline.
 */
const ORDER_STREAM_STRATEGY = {
  ema: { fast: 3, slow: 8 },
  entry: { maxCrosses24h: 100_000 },
  regime: { quietBelow: 0, volatileAbove: 10 },
  sizing: { allocation: 0.02 },
  exits: { maxHoldMinutes: 3, onRegime: [] },
  cooldowns: {
    quickExit: { holdBelowMinutes: 0, pauseMinutes: 0 },
    lossStreak: { losses: 100_000, pauseMinutes: 0 },
    hourly: { maxTrades: 100_000, pauseMinutes: 0 },
    daily: { maxTrades: 100_000, pauseMinutes: 0 },
  },
};
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

const ms = (values: readonly number[]) => `p50 ${percentile(values, 50).toFixed(2)}, p90 ${percentile(values, 90).toFixed(2)}, p99 ${percentile(values, 99).toFixed(2)} ms`;

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

/**
 * The latency baseline: one JetStream publish, stored and acknowledged, `gapMs` apart (a stream
 * with pauses between messages, as the order path has, wakes the server and the client from idle
 * each time, which costs more than back to back). The order path stores three events in series
 * (candle, CandleAssessed, OrderRequested) before the exchange call.
 */
async function publishAckLatency(bus: Bus, ns: string, gapMs: number, count: number): Promise<number[]> {
  const subject = subjects(ns).candle('BTCUSDT');
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await bus.js.publish(subject, '{}', { msgID: `ack-latency-${i}` });
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  return latencies;
}

interface FastModeFigures {
  readonly candlesPerSecond: number;
  /** CPU microseconds per candle of each process that took part (the nats-server's when it runs here). */
  readonly cpuMicrosPerCandle: Record<string, number>;
}

/**
 * Publishes the candles as fast as JetStream takes them (bursts of 5,000) until `done`, and
 * returns the rate with the CPU time each process in `pids` spent per candle meanwhile.
 */
async function publishTimed(bus: Bus, ns: string, events: MastEvent[], done: Promise<unknown>, pids: Record<string, number | undefined>): Promise<FastModeFigures> {
  const publisher = createPublisher(bus, { ns });
  const cpuBefore = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSecondsOf(pid)]));
  const started = performance.now();
  for (let i = 0; i < events.length; i += 5000) await publisher.publishMany(events.slice(i, i + 5000));
  await done;
  const seconds = (performance.now() - started) / 1000;
  const cpuMicrosPerCandle: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    const used = cpuSecondsOf(pid) - cpuBefore[name]!;
    if (Number.isFinite(used)) cpuMicrosPerCandle[name] = (used * 1e6) / events.length;
  }
  return { candlesPerSecond: events.length / seconds, cpuMicrosPerCandle };
}

/**
 * The floor under fast mode: the same candles, published the same way, stored once and read by
 * two processes that only take and acknowledge them (bare-consumer.ts, on two durables shaped as
 * the signal service's). No design in which two services read every candle can go faster than
 * this on this machine, whatever those services do with it.
 */
async function bareReadFloor(bus: Bus, ns: string, events: MastEvent[]): Promise<FastModeFigures> {
  const [signalDurable] = consumerDefinitions(ns, 'signal');
  const durables = ['bare-a', 'bare-b'];
  for (const name of durables) await ensureConsumer(bus.jsm, { ...signalDurable!, config: { ...signalDurable!.config, durable_name: name } });
  const script = join(__dirname, `bare-consumer${__filename.endsWith('.js') ? '.js' : '.ts'}`);
  const args = __filename.endsWith('.js') ? [script] : ['--import', 'tsx', script];
  const readers = durables.map((name) => spawn(process.execPath, [...args, natsUrl, signalDurable!.stream, name, String(events.length)], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const said = (child: (typeof readers)[number], word: string) =>
    new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.split('\n').includes(word)) resolve();
      });
      child.once('exit', (code) => (out.split('\n').includes(word) ? resolve() : reject(new Error(`bare consumer exited (${code}) before '${word}'`))));
    });
  try {
    await Promise.all(readers.map((r) => said(r, 'ready')));
    const done = Promise.all(readers.map((r) => said(r, 'done')));
    return await publishTimed(bus, ns, events, done, { 'reader a': readers[0]!.pid, 'reader b': readers[1]!.pid, publisher: process.pid, 'nats-server': localNatsServerPid() });
  } finally {
    for (const reader of readers) if (reader.exitCode === null) reader.kill();
  }
}

async function fastMode(bus: Bus, ns: string, events: MastEvent[]): Promise<FastModeFigures> {
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
    return await publishTimed(bus, ns, events, done, { ...Object.fromEntries(services.map((s) => [s.name, s.child.pid])), publisher: process.pid, 'nats-server': localNatsServerPid() });
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
  const floorNs = `bench-floor-${randomBytes(2).toString('hex')}`;
  const fastNs = `bench-fast-${randomBytes(2).toString('hex')}`;
  const cpuLine = (perCandle: Record<string, number>) => {
    const total = Object.values(perCandle).reduce((a, b) => a + b, 0);
    return `CPU per candle: ${Object.entries(perCandle).map(([name, us]) => `${name} ${us.toFixed(0)} us`).join(', ')}; total ${total.toFixed(0)} us = at most ${((cpus().length * 1e6) / total).toFixed(0)} candles/s on ${cpus().length} cores`;
  };
  try {
    await provisionNamespace(bus.jsm, rawNs);
    const raw = await rawPublishRate(bus, rawNs, events);
    say(`raw JetStream publish (msg ids, 1000 in flight): ${raw.toFixed(0)} msg/s  [baseline]`);
    const ackLatency = await publishAckLatency(bus, rawNs, 50, 200);
    say(`one JetStream publish -> stored and acked, 50 ms apart: ${ms(ackLatency)}  [baseline; the order path stores 3 events in series before the exchange call]`);
    await provisionNamespace(bus.jsm, floorNs);
    const floor = await bareReadFloor(bus, floorNs, events);
    say(`floor: the candles stored once, read and acked by two bare consumers: ${floor.candlesPerSecond.toFixed(0)} candles/s = ${((floor.candlesPerSecond / raw) * 100).toFixed(0)}% of raw  [baseline: no design in which two services read every candle beats it here]`);
    say(`  ${cpuLine(floor.cpuMicrosPerCandle)}`);
    await provisionNamespace(bus.jsm, fastNs);
    const { candlesPerSecond: fast, cpuMicrosPerCandle } = await fastMode(bus, fastNs, events);
    say(`fast mode, candles through signal and risk: ${fast.toFixed(0)} candles/s = ${((fast / raw) * 100).toFixed(0)}% of raw, ${((fast / floor.candlesPerSecond) * 100).toFixed(0)}% of the floor  [target >= 50% of raw: ${fast >= raw / 2 ? 'pass' : 'below'}]`);
    // Three stored messages per candle (the candle, CandleAssessed, PortfolioMarked) against the
    // baseline's one, on cores the server shares with the services: where each candle's CPU goes.
    say(`  ${cpuLine(cpuMicrosPerCandle)}`);
  } finally {
    await deleteNamespace(bus.jsm, rawNs);
    await deleteNamespace(bus.jsm, floorNs);
    await deleteNamespace(bus.jsm, fastNs);
    await bus.drain();
  }

  // 120 ms apart: within Bybit's 10 orders/s per account, which the adapter waits out.
  const exchangeCall = await exchangeCallLatency(dataDir, 120, 100);
  say(`one market order through the Bybit adapter -> accepted by a simulator in the same process, 120 ms apart: ${ms(exchangeCall)}  [baseline]`);
  const latencyNs = `bench-lat-${randomBytes(2).toString('hex')}`;
  const watcher = await connectBus({ servers: natsUrl, name: 'bench-hops', logger: silentBusLogger });
  const timer = await timeHops(watcher.nc, latencyNs);
  const paceMs = Number(process.env.BENCH_PACE_MS ?? 250);
  const streamMinutes = Number(process.env.BENCH_STREAM_MINUTES ?? 360);
  let result: Awaited<ReturnType<typeof runPaper>>;
  try {
    result = await runPaper({
      dataDir,
      natsUrl,
      ns: latencyNs,
      strategy: ORDER_STREAM_STRATEGY,
      from: first,
      to: first + streamMinutes * 60_000,
      portBase: 22_460,
      kills: new Map(),
      cleanup: true,
      logLevel: 'warn',
      paceMs,
      say: () => undefined,
    });
  } finally {
    timer.close();
    await watcher.drain();
  }
  const atExchange = result.exchangeLatenciesMs;
  const rate = result.ordersPlaced / result.seconds;
  say(`steady stream: ${result.minutes} minutes, one every ${paceMs} ms, ${result.ordersPlaced} orders (${rate.toFixed(1)}/s), decisions ${result.report.decisionsEqual ? 'equal to' : 'DIFFERENT from'} the backtest`);
  const met = percentile(atExchange, 50) <= 1.5 && percentile(atExchange, 99) <= 5;
  say(`candle close -> order accepted at the simulator (${atExchange.length} orders): ${ms(atExchange)}  [targets p50 <= 1.5 ms, p99 <= 5 ms: ${met ? 'pass' : 'below'}]`);
  say(`  -> OrderAccepted seen on the bus: ${ms(result.orderLatenciesMs)}`);
  for (const hop of HOPS) say(`  hop ${hop}: ${ms(timer.hops[hop])}`);
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
  say('command: pnpm bench:pipeline   (BENCH_DAYS=N: the fast-mode slice; BENCH_PACE_MS, BENCH_STREAM_MINUTES: the steady stream)');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-pipeline: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
