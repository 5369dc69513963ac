import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCandles } from '@mast/backtest';
import { connectBus, deleteNamespace, provisionNamespace, readStream, silentBusLogger } from '@mast/bus';
import { loadCandleDir, startSimulator } from '@mast/bybit-sim';
import { consumerDefinitions, resolveStrategyConfig, streamName, subjects, type EventOf } from '@mast/contracts';
import { runFold, type FoldResult } from '@mast/core';
import { dropReadModel, readModel } from '@mast/read-model';
import { Pool } from 'pg';
import { startOwnNats, startPostgresProxy } from './faults';
import { driveLockstep } from './lockstep';
import { simulatorEnv, startServiceProcess, stopAll, waitReady, type ServiceProcess } from './processes';
import { compareWithBacktest, type ParityReport } from './summary';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const SERVICES = ['market-data', 'signal', 'risk', 'execution', 'projection'] as const;
export type ServiceName = (typeof SERVICES)[number];
export type Fault = ServiceName | 'nats' | 'postgres';

/** The projection's query API and dashboard port: the one after the services' health ports. */
export function dashboardPort(portBase: number): number {
  return portBase + SERVICES.length;
}
export const FAULTS: readonly Fault[] = [...SERVICES, 'nats', 'postgres'];

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
  /**
   * Minute index (from 0) -> what to break right after it was played: a service (kill -9, then
   * start again), `nats` (kill -9 the run's own nats-server and start it again) or `postgres`
   * (the projection's database unreachable for 5 s).
   */
  readonly kills: ReadonlyMap<number, readonly Fault[]>;
  readonly cleanup: boolean;
  readonly logLevel: string;
  readonly say: (line: string) => void;
  /**
   * Also run the notifier (alerts to Telegram and Discord): `env` adds its settings (MAST_TELEGRAM_*,
   * MAST_DISCORD_*, pointing at the real APIs or at fakes) to the run's environment. The run waits
   * until it has delivered every alert before it stops.
   */
  readonly notify?: { readonly env: Readonly<Record<string, string>> };
  /** Least ms between two minutes' play (driveLockstep's paceMs); default 0. */
  readonly paceMs?: number;
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
  /** Milliseconds from a minute's candles closed on the simulator to each OrderAccepted event seen on the bus. */
  readonly orderLatenciesMs: number[];
  /** Milliseconds from a minute's candles closed to the simulator accepting each order of ours (order/create answered). */
  readonly exchangeLatenciesMs: number[];
  /** Trades in the Postgres read model once the projection caught up, and whether they equal the executed ones. */
  readonly readModelTrades: number;
  readonly readModelMatches: boolean;
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
  const { say, ns, dataDir } = options;
  const faults = [...options.kills.values()].flat();
  // A NATS drill gets a server of its own, so that killing it touches nothing else on the machine.
  const ownNats = faults.includes('nats') ? await startOwnNats() : null;
  const natsUrl = ownNats?.url ?? options.natsUrl;
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const pgProxy = faults.includes('postgres') ? await startPostgresProxy(databaseUrl) : null;
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
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  await dropReadModel(pool, ns);
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
    ...simulatorEnv(sim, apiKey, apiSecret, symbols),
    // A killed execution's lease lapses quickly, so its restart takes over without a long wait.
    MAST_LEASE_TTL_MS: '3000',
    // In lockstep the simulator pushes nothing while the pipeline catches up: a restarted
    // market-data trusts the exchange's clock at once for its backfill.
    MAST_FIRST_PUSH_TIMEOUT_MS: '500',
    // The projection's query API and dashboard, on the port after the services' health ports.
    MAST_API_PORT: String(dashboardPort(options.portBase)),
    MAST_API_HOST: '127.0.0.1',
    ...(pgProxy ? { DATABASE_URL: pgProxy.url } : {}),
  };
  const feedUp = new Promise<void>((ready) => {
    const sub = bus.nc.subscribe(subjects(ns).feed(), {
      callback: () => {
        sub.unsubscribe();
        ready();
      },
    });
  });
  // Like a Kubernetes restart policy: a service that exits on its own (a lost lease, a publish
  // it could not make) is started again, and rebuilds its state from the log.
  let stopping = false;
  const supervise = (i: number): ServiceProcess => {
    const service = startServiceProcess(ROOT, SERVICES[i]!, i, options.portBase + i, env, say);
    service.child.once('exit', (code, signal) => {
      if (stopping || signal === 'SIGKILL' || services[i] !== service) return;
      say(`${service.name} exited (${code ?? signal}); starting it again`);
      services[i] = supervise(i);
    });
    return service;
  };
  const services: ServiceProcess[] = [];
  SERVICES.forEach((_name, i) => services.push(supervise(i)));
  // The notifier is no drill target (--kill): started once, after the pipeline, on the port after the dashboard's.
  const notifierPort = dashboardPort(options.portBase) + 1;
  if (options.notify) services.push(startServiceProcess(ROOT, 'notifier', SERVICES.length, notifierPort, { MAST_SUMMARIES_ENABLED: 'false', ...env, ...options.notify.env }, say));
  const peakRss: Record<string, number> = {};
  const stop = async () => {
    stopping = true;
    for (const s of services) peakRss[s.name] = Math.max(peakRss[s.name] ?? 0, peakRssOf(s.child.pid));
    await stopAll(services);
    await sim.close();
    if (options.cleanup) {
      await deleteNamespace(bus.jsm, ns);
      await dropReadModel(pool, ns);
    }
    await pool.end();
    await bus.drain();
    await pgProxy?.close();
    ownNats?.stop();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    await Promise.all(services.map((s) => waitReady(s, 60_000)));
    await feedUp;
    say(`dashboard: http://127.0.0.1:${dashboardPort(options.portBase)}/ (query API: /api/v1, OpenAPI: /api/v1/openapi.json)`);
    say('all services ready; playing the candles in lockstep');
    const started = Date.now();
    let lastReport = 0;
    const orderLatenciesMs: number[] = [];
    const exchangeLatenciesMs: number[] = [];
    let closedAt = 0;
    sim.onOrderPlaced((key, order) => {
      if (key === apiKey && order.orderLinkId !== '') exchangeLatenciesMs.push(performance.now() - closedAt);
    });
    const countFromStreams = async (T: number) => {
      let marks = 0;
      for await (const { event } of readStream(bus, { stream: streamName(ns, 'risk'), filterSubject: subjects(ns).marked() })) if (event.type === 'PortfolioMarked' && event.data.T === T) marks++;
      const requested = new Set<string>();
      for await (const { event } of readStream(bus, { stream: streamName(ns, 'risk'), filterSubject: subjects(ns).orderRequest('*') })) if (event.type === 'OrderRequested') requested.add(event.data.requestId);
      for await (const { event } of readStream(bus, { stream: streamName(ns, 'exec'), filterSubject: subjects(ns).execOrder('*') })) if (event.type === 'OrderRejected' || event.type === 'OrderFilled') requested.delete(event.data.requestId);
      return { marks, pending: [...requested] };
    };
    await driveLockstep({
      nc: bus.nc,
      ns,
      minutes,
      step: async () => {
        await sim.step();
        closedAt = performance.now();
      },
      timeoutMs: 90_000,
      paceMs: options.paceMs ?? 0,
      onOrderAccepted: (ms) => orderLatenciesMs.push(ms),
      recount: async (T) => {
        // NATS may still be coming back: a failed count is no count.
        try {
          return await countFromStreams(T);
        } catch {
          return { marks: 0, pending: ['(unknown)'] };
        }
      },

      afterStep: async (index) => {
        for (const name of options.kills.get(index) ?? []) {
          if (name === 'nats') {
            say(`recovery drill: kill -9 nats-server after minute ${index + 1}, then start it again`);
            await ownNats!.restart();
            continue;
          }
          if (name === 'postgres') {
            say(`recovery drill: PostgreSQL unreachable for the projection for 5 s after minute ${index + 1}`);
            void pgProxy!.cut(5_000);
            continue;
          }
          const i = SERVICES.indexOf(name);
          say(`recovery drill: kill -9 ${name} after minute ${index + 1}, then start it again`);
          peakRss[name] = Math.max(peakRss[name] ?? 0, peakRssOf(services[i]!.child.pid));
          await killNow(services[i]!);
          services[i] = supervise(i);
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
    const read = await readModelOnceCaughtUp(pool, bus, ns);
    if (options.notify) await notifierDrained(bus, ns, notifierPort);
    const keyOf = (t: { symbol: string; entryTs: number; exitTs: number; pnl: number }) => `${t.symbol}|${t.entryTs}|${t.exitTs}|${t.pnl}`;
    const executedKeys = executed.map((e) => keyOf({ symbol: e.data.symbol, entryTs: e.data.entryT, exitTs: e.data.T, pnl: e.data.pnl })).sort();
    const readKeys = read.map(keyOf).sort();
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
      exchangeLatenciesMs,
      readModelTrades: read.length,
      readModelMatches: readKeys.length === executedKeys.length && readKeys.every((k, i) => k === executedKeys[i]),
    };
  } finally {
    await stop();
  }
}

/** The read model's trades, once the projection has applied every stream up to its last event. */
async function readModelOnceCaughtUp(pool: Pool, bus: Awaited<ReturnType<typeof connectBus>>, ns: string) {
  const model = readModel(pool, ns);
  const streams = await Promise.all(['md', 'sig', 'risk', 'exec', 'ctl', 'sys'].map(async (context) => {
    const name = streamName(ns, context as 'md');
    return { name, last: (await bus.jsm.streams.info(name)).state.last_seq };
  }));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const behind = [];
    for (const s of streams) if ((await model.checkpoint(s.name).catch(() => 0)) < s.last) behind.push(s.name);
    if (behind.length === 0) break;
    if (Date.now() > deadline) throw new Error(`the projection did not catch up with ${behind.join(', ')} within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const trades: { symbol: string; entryTs: number; exitTs: number; pnl: number }[] = [];
  for (let cursor: string | null = null; ; ) {
    const page = await model.trades({ limit: 1000, cursor });
    trades.push(...page.items);
    if (!page.nextCursor) return trades;
    cursor = page.nextCursor;
  }
}

/** The notifier has taken in every event of its streams and delivered every alert in its outbox. */
async function notifierDrained(bus: Awaited<ReturnType<typeof connectBus>>, ns: string, port: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    let consumed = true;
    for (const d of consumerDefinitions(ns, 'notifier')) {
      const info = await bus.jsm.consumers.info(d.stream, d.config.durable_name);
      if (info.num_pending > 0 || info.num_ack_pending > 0) consumed = false;
    }
    const metrics = consumed ? await (await fetch(`http://127.0.0.1:${port}/metrics`)).text() : '';
    if (consumed && /^mast_notifier_outbox_pending(?:\{[^}]*\})? 0$/m.test(metrics)) return;
    if (Date.now() > deadline) throw new Error('the notifier did not deliver its alerts within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function killNow(service: ServiceProcess): Promise<void> {
  if (service.child.exitCode !== null) return;
  const exited = new Promise((resolve) => service.child.once('exit', resolve));
  service.child.kill('SIGKILL');
  await exited;
}
