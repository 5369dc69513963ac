import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCandles, parseTimeArg } from '@mast/backtest';
import { connectBus, deleteNamespace, provisionNamespace, readStream, silentBusLogger } from '@mast/bus';
import { loadCandleDir, startSimulator } from '@mast/bybit-sim';
import { resolveStrategyConfig, streamName, subjects, type EventOf } from '@mast/contracts';
import { runFold } from '@mast/core';
import { answers, checkDependencies, startLocalNats } from './dependencies';
import { driveLockstep } from './lockstep';
import { startServiceProcess, stopAll, waitReady, type ServiceProcess } from './processes';
import { compareWithBacktest, tradeTable } from './summary';

const ROOT = resolve(__dirname, '..', '..', '..');
const SERVICES = ['market-data', 'signal', 'risk', 'execution'] as const;
const USAGE = `pnpm start [-- options]   paper trading on the bundled sample: the simulator plays the candles,
every service runs as its own process, and a summary (with the backtest's trades beside it) ends the run.

  --data DIR        candle files (default data/sample)
  --symbols A,B     symbols (default BTCUSDT,ETHUSDT,SOLUSDT)
  --from TIME       first candle (ISO or epoch ms; default the start of the data)
  --to TIME         end, exclusive (default: 5 days after --from; 'end' for all the data)
  --ns NAME         namespace of streams (default paper; it is deleted and recreated)
  --check           exit 1 unless the pipeline decided exactly the backtest's trades
  --cleanup         delete the namespace's streams at the end
  --port-base N     first of the services' health ports (default 19460)
  --kill S@N,...    kill -9 service S right after minute N was played, then start it again
                    (recovery drill: the run must still equal the backtest, with no duplicate order)
  -h, --help`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: { data: { type: 'string' }, symbols: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, ns: { type: 'string' }, check: { type: 'boolean' }, cleanup: { type: 'boolean' }, 'port-base': { type: 'string' }, kill: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const deps = [
    { name: 'NATS JetStream', url: natsUrl, required: true },
    { name: 'PostgreSQL', url: process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432', required: false },
    { name: 'Redis', url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', required: false },
  ];
  const localNats = (await answers(natsUrl)) ? null : await startLocalNats(natsUrl, say);
  if (!(await checkDependencies(deps, say))) return 1;

  const dataDir = resolve(values.data ?? join(ROOT, 'data', 'sample'));
  const ns = values.ns ?? 'paper';
  const strategy = resolveStrategyConfig(values.symbols ? { symbols: values.symbols.split(',') } : {});
  const symbols = strategy.symbols;
  const all = await loadCandles(dataDir, symbols);
  const first = all.columns.ts[0]!;
  const from = values.from ? parseTimeArg(values.from, '--from') : first;
  const to = values.to === 'end' ? Infinity : values.to ? parseTimeArg(values.to, '--to') : from + 5 * 86_400_000;
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
    MAST_LOG_LEVEL: process.env.MAST_LOG_LEVEL ?? 'info',
    MAST_STRATEGY: JSON.stringify({ symbols }),
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
    const sub = bus.nc.subscribe(subjects(ns).feed(), { callback: () => {
      sub.unsubscribe();
      ready();
    } });
  });
  const portBase = Number(values['port-base'] ?? 19_460);
  const services: ServiceProcess[] = SERVICES.map((name, i) => startServiceProcess(ROOT, name, i, portBase + i, env, say));
  const kills = parseKills(values.kill ?? '');
  const stop = async () => {
    await stopAll(services);
    await sim.close();
    if (values.cleanup) await deleteNamespace(bus.jsm, ns);
    await bus.drain();
    localNats?.kill();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    await Promise.all(services.map((s) => waitReady(s, 60_000)));
    await feedUp;
    say('all services ready; playing the candles in lockstep');
    const started = Date.now();
    let lastReport = 0;
    await driveLockstep({
      nc: bus.nc,
      ns,
      minutes,
      step: async () => {
        await sim.step();
      },
      timeoutMs: 30_000,
      afterStep: async (index) => {
        for (const name of kills.get(index) ?? []) {
          const i = SERVICES.indexOf(name);
          say(`recovery drill: kill -9 ${name} after minute ${index + 1}, then start it again`);
          await killNow(services[i]!);
          services[i] = startServiceProcess(ROOT, name, i, portBase + i, env, say);
          await waitReady(services[i]!, 60_000);
        }
      },
      onProgress: (done, total, ts) => {
        if (done === total || Date.now() - lastReport > 5_000) {
          lastReport = Date.now();
          say(`progress: ${done}/${total} minutes (${new Date(ts).toISOString().slice(0, 16)}), ${((done / ((Date.now() - started) / 1000)) || 0).toFixed(0)} minutes/s`);
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
    const duplicates = ownOrders.length - new Set(ownOrders.map((o) => o.orderLinkId)).size;
    say(`orders at the exchange: ${ownOrders.length} placed by us, ${duplicates} duplicated`);
    const report = compareWithBacktest(backtest.trades, closes, executed);
    say('');
    say(`paper run done: ${minutes.length} minutes (${columns.length} candles) in ${seconds.toFixed(1)} s, ${(columns.length / seconds).toFixed(0)} candles/s`);
    say('executed trades (fills from the simulator):');
    say(tradeTable(executed.map((e) => ({ symbol: e.data.symbol, pnl: e.data.pnl, fees: e.data.entryFee + e.data.exitFee })), symbols));
    say('backtest on the same candles:');
    say(tradeTable(backtest.trades, symbols));
    say(report.decisionsEqual ? `parity: the pipeline decided exactly the backtest's ${backtest.trades.length} trades` : `parity: DIFFERENT from the backtest:\n  ${report.decisionDifferences.join('\n  ')}`);
    say(`executed vs backtest: ${report.executedCount} trades, prices within ${(report.maxPriceDiff * 100).toPrecision(2)}% (the exchange's tick), P&L within ${report.maxPnlDiff.toFixed(4)} USDT per trade`);
    return values.check && (!report.decisionsEqual || duplicates > 0) ? 1 : 0;
  } finally {
    await stop();
  }
}

function parseKills(spec: string): Map<number, (typeof SERVICES)[number][]> {
  const kills = new Map<number, (typeof SERVICES)[number][]>();
  for (const item of spec.split(',').filter(Boolean)) {
    const [name, minute] = item.split('@');
    const service = SERVICES.find((s) => s === name);
    if (!service || !Number.isInteger(Number(minute)) || Number(minute) < 1) throw new Error(`--kill takes SERVICE@MINUTE (minute from 1), services ${SERVICES.join(', ')}; was ${item}`);
    kills.set(Number(minute) - 1, [...(kills.get(Number(minute) - 1) ?? []), service]);
  }
  return kills;
}

async function killNow(service: ServiceProcess): Promise<void> {
  if (service.child.exitCode !== null) return;
  const exited = new Promise((resolve) => service.child.once('exit', resolve));
  service.child.kill('SIGKILL');
  await exited;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`paper: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
