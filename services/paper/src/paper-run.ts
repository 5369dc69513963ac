import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCandles } from '@mast/backtest';
import { connectBus, deleteNamespace, provisionNamespace, readStream, silentBusLogger } from '@mast/bus';
import { loadCandleDir, startSimulator } from '@mast/bybit-sim';
import { resolveStrategyConfig, streamName, subjects, type EventOf } from '@mast/contracts';
import { runFold, type FoldResult } from '@mast/core';
import { driveLockstep } from './lockstep';
import { startServiceProcess, stopAll, waitReady, type ServiceProcess } from './processes';
import { compareWithBacktest, type ParityReport } from './summary';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const SERVICES = ['market-data', 'signal', 'risk', 'execution'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface PaperRunOptions {
  readonly dataDir: string;
  readonly natsUrl: string;
  readonly ns: string;
  /** Strategy overrides, deep-merged over the defaults (symbols included). */
  readonly strategy: Record<string, unknown>;
  readonly from?: number;
  /** Exclusive; default five days after `from`; Infinity for all the data. */
  readonly to?: number;
  readonly portBase: number;
  /** Minute index (from 0) -> services to kill -9 right after it was played. */
  readonly kills: ReadonlyMap<number, readonly ServiceName[]>;
  readonly cleanup: boolean;
  readonly logLevel: string;
  readonly say: (line: string) => void;
}

export interface PaperRunResult {
  readonly symbols: readonly string[];
  readonly minutes: number;
  readonly candles: number;
  readonly seconds: number;
  readonly backtest: FoldResult;
  readonly executed: EventOf<'PositionClosed'>[];
  readonly report: ParityReport;
  readonly ordersPlaced: number;
  readonly duplicateOrders: number;
  /** Peak resident memory of each service process, in bytes (Linux VmHWM). */
  readonly peakRss: Record<string, number>;
  readonly orderLatenciesMs: number[];
}

function peakRssOf(pid: number | undefined): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * One paper run: a fresh namespace, the simulator playing the candles in lockstep, every service
 * as its own process, and the pipeline's decisions and fills compared with the backtest on the
 * same candles.
 */
export async function runPaper(options: PaperRunOptions): Promise<PaperRunResult> {
  const { say, ns, dataDir, natsUrl } = options;
  const strategy = resolveStrategyConfig(options.strategy);
  const symbols = strategy.symbols;
  const all = await loadCandles(dataDir, symbols);
  const from = options.from ?? all.columns.ts[0]!;
  const to = options.to ?? from + 5 * 86_400_000;
  const { columns } = await loadCandles(dataDir, symbols, { from, to: Number.isFinite(to) ? to : undefined });
  const minutes: { ts: number; candles: number }[] = [];
  for (let i = 0; i < columns.length; i++) {
    const ts = columns.ts[i]!;
    if (minutes.at(-1)?.ts === ts) minutes.at(-1)!.candles++;
    else minutes.push({ ts, candles: 1 });
  }
  say(`paper run: ${symbols.join(', ')}, ${minutes.length} minutes from ${new Date(from).toISOString()} (${columns.length} candles), namespace ${ns}`);

  const bus = await connectBus({ servers: natsUrl, name: 'paper-runner', logger: silentBusLogger });
  await deleteNamespace(bus.jsm, ns);
  await provisionNamespace(bus.jsm, ns);

  const apiKey = randomBytes(12).toString('hex');
  const apiSecret = randomBytes(24).toString('hex');
  const sim = await startSimulator({
    accounts: [{ apiKey, secret: apiSecret, balanceUsdt: strategy.initialBalance }],
    market: { candles: loadCandleDir(dataDir, symbols), speed: 'manual', from, pathOrder: 'high' },
  });
  say(`simulator: ${sim.url}`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MAST_NS: ns,
    MAST_NATS_URL: natsUrl,
    MAST_LOG_LEVEL: options.logLevel,
    MAST_STRATEGY: JSON.stringify(options.strategy),
    BYBIT_ENV: 'custom',
    BYBIT_BASE_URL: sim.url,
    BYBIT_WS_PUBLIC_URL: sim.wsPublicUrl,
    BYBIT_WS_PRIVATE_URL: sim.wsPrivateUrl,
    BYBIT_API_KEY: apiKey,
    BYBIT_API_SECRET: apiSecret,
    BYBIT_SYMBOLS: symbols.join(','),
    // A killed execution's lease lapses quickly, so its restart takes over without a long wait.
    MAST_LEASE_TTL_MS: '3000',
    // In lockstep the simulator pushes nothing while the pipeline catches up: a restarted
    // market-data trusts the exchange's clock at once for its backfill.
    MAST_FIRST_PUSH_TIMEOUT_MS: '500',
  };
  const feedUp = new Promise<void>((ready) => {
    const sub = bus.nc.subscribe(subjects(ns).feed(), {
      callback: () => {
        sub.unsubscribe();
        ready();
      },
    });
  });
  const services: ServiceProcess[] = SERVICES.map((name, i) => startServiceProcess(ROOT, name, i, options.portBase + i, env, say));
  const peakRss: Record<string, number> = {};
  const stop = async () => {
    for (const s of services) peakRss[s.name] = Math.max(peakRss[s.name] ?? 0, peakRssOf(s.child.pid));
    await stopAll(services);
    await sim.close();
    if (options.cleanup) await deleteNamespace(bus.jsm, ns);
    await bus.drain();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    await Promise.all(services.map((s) => waitReady(s, 60_000)));
    await feedUp;
    say('all services ready; playing the candles in lockstep');
    const started = Date.now();
    let lastReport = 0;
    const orderLatenciesMs: number[] = [];
    await driveLockstep({
      nc: bus.nc,
      ns,
      minutes,
      step: async () => {
        await sim.step();
      },
      timeoutMs: 30_000,
      onOrderAccepted: (ms) => orderLatenciesMs.push(ms),
      afterStep: async (index) => {
        for (const name of options.kills.get(index) ?? []) {
          const i = SERVICES.indexOf(name);
          say(`recovery drill: kill -9 ${name} after minute ${index + 1}, then start it again`);
          peakRss[name] = Math.max(peakRss[name] ?? 0, peakRssOf(services[i]!.child.pid));
          await killNow(services[i]!);
          services[i] = startServiceProcess(ROOT, name, i, options.portBase + i, env, say);
          await waitReady(services[i]!, 60_000);
        }
      },
      onProgress: (done, total, ts) => {
        if (done === total || Date.now() - lastReport > 5_000) {
          lastReport = Date.now();
          say(`progress: ${done}/${total} minutes (${new Date(ts).toISOString().slice(0, 16)}), ${(done / ((Date.now() - started) / 1000) || 0).toFixed(0)} minutes/s`);
        }
      },
    });
    const seconds = (Date.now() - started) / 1000;

    const closes: EventOf<'OrderRequested'>[] = [];
    for await (const { event } of readStream(bus, { stream: streamName(ns, 'risk'), filterSubject: subjects(ns).orderRequest('*') })) {
      if (event.type === 'OrderRequested' && event.data.intent === 'CLOSE') closes.push(event);
    }
    const executed: EventOf<'PositionClosed'>[] = [];
    for await (const { event } of readStream(bus, { stream: streamName(ns, 'exec'), filterSubject: subjects(ns).position('*') })) {
      if (event.type === 'PositionClosed') executed.push(event);
    }
    const backtest = runFold(columns, strategy);
    const ownOrders = sim.orders(apiKey).filter((o) => o.orderLinkId !== '');
    return {
      symbols,
      minutes: minutes.length,
      candles: columns.length,
      seconds,
      backtest,
      executed,
      report: compareWithBacktest(backtest.trades, closes, executed),
      ordersPlaced: ownOrders.length,
      duplicateOrders: ownOrders.length - new Set(ownOrders.map((o) => o.orderLinkId)).size,
      peakRss,
      orderLatenciesMs,
    };
  } finally {
    await stop();
  }
}

async function killNow(service: ServiceProcess): Promise<void> {
  if (service.child.exitCode !== null) return;
  const exited = new Promise((resolve) => service.child.once('exit', resolve));
  service.child.kill('SIGKILL');
  await exited;
}
