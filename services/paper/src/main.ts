import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseTimeArg } from '@mast/backtest';
import { checkDependencies, startLocalNats } from './dependencies';
import { answers } from './nats-server';
import { FAULTS, ROOT, runPaper, type Fault } from './paper-run';
import { tradeTable } from './summary';

const USAGE = `pnpm start [-- options]   paper trading on the bundled sample: the simulator plays the candles,
every service runs as its own process, and a summary (with the backtest's trades beside it) ends the run.

  --data DIR        candle files (default data/sample)
  --symbols A,B     symbols (default BTCUSDT,ETHUSDT,SOLUSDT)
  --from TIME       first candle (ISO or epoch ms; default the start of the data)
  --to TIME         end, exclusive (default: 5 days after --from; 'end' for all the data)
  --ns NAME         namespace of streams (default paper; it is deleted and recreated)
  --check           exit 1 unless the pipeline decided exactly the backtest's trades and placed no duplicate order
  --cleanup         delete the namespace's streams at the end
  --port-base N     first of the services' health ports (default 19460); the dashboard and
                    query API listen on the port after the last of them (printed at start)
  --notify          also run the notifier: alerts to the Telegram chats and Discord webhook set in
                    MAST_TELEGRAM_* / MAST_DISCORD_* (see docs/alerts.md; base URLs may point at fakes)
  --kill W@N,...    right after minute N was played, kill -9 W (a service, then start it again;
                    nats: the run's own nats-server, restarted; postgres: the projection's
                    database unreachable for 5 s). Recovery drill: with --check the run must
                    still equal the backtest, place no duplicate order, and its read model
                    must hold exactly the executed trades.
  -h, --help`;

function parseKills(spec: string): Map<number, Fault[]> {
  const kills = new Map<number, Fault[]>();
  for (const item of spec.split(',').filter(Boolean)) {
    const [name, minute] = item.split('@');
    const service = FAULTS.find((s) => s === name);
    if (!service || !Number.isInteger(Number(minute)) || Number(minute) < 1) throw new Error(`--kill takes WHAT@MINUTE (minute from 1), WHAT one of ${FAULTS.join(', ')}; was ${item}`);
    kills.set(Number(minute) - 1, [...(kills.get(Number(minute) - 1) ?? []), service]);
  }
  return kills;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: { data: { type: 'string' }, symbols: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, ns: { type: 'string' }, check: { type: 'boolean' }, cleanup: { type: 'boolean' }, 'port-base': { type: 'string' }, kill: { type: 'string' }, notify: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const deps = [
    { name: 'NATS JetStream', url: natsUrl, required: true },
    { name: 'PostgreSQL', url: process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432', required: true },
    { name: 'Redis', url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', required: true },
  ];
  const localNats = (await answers(natsUrl)) ? null : await startLocalNats(natsUrl, say);
  try {
    if (!(await checkDependencies(deps, say))) return 1;
    const result = await runPaper({
      dataDir: resolve(values.data ?? join(ROOT, 'data', 'sample')),
      natsUrl,
      ns: values.ns ?? 'paper',
      strategy: values.symbols ? { symbols: values.symbols.split(',') } : {},
      ...(values.from ? { from: parseTimeArg(values.from, '--from') } : {}),
      ...(values.to ? { to: values.to === 'end' ? Infinity : parseTimeArg(values.to, '--to') } : {}),
      portBase: Number(values['port-base'] ?? 19_460),
      kills: parseKills(values.kill ?? ''),
      cleanup: values.cleanup ?? false,
      ...(values.notify ? { notify: { env: {} } } : {}),
      logLevel: process.env.MAST_LOG_LEVEL ?? 'info',
      say,
    });
    const { report, backtest, executed, symbols } = result;
    say('');
    say(`paper run done: ${result.minutes} minutes (${result.candles} candles) in ${result.seconds.toFixed(1)} s, ${(result.candles / result.seconds).toFixed(0)} candles/s`);
    say(`orders at the exchange: ${result.ordersPlaced} placed by us, ${result.duplicateOrders} duplicated`);
    say(`read model (Postgres): ${result.readModelTrades} trades, ${result.readModelMatches ? 'equal to the executed ones' : 'DIFFERENT from the executed ones'}`);
    say('executed trades (fills from the simulator):');
    say(tradeTable(executed.map((e) => ({ symbol: e.data.symbol, pnl: e.data.pnl, fees: e.data.entryFee + e.data.exitFee })), symbols));
    say('backtest on the same candles:');
    say(tradeTable(backtest.trades, symbols));
    say(report.decisionsEqual ? `parity: the pipeline decided exactly the backtest's ${backtest.trades.length} trades` : `parity: DIFFERENT from the backtest:\n  ${report.decisionDifferences.join('\n  ')}`);
    say(`executed vs backtest: ${report.executedCount} trades, prices within ${(report.maxPriceDiff * 100).toPrecision(2)}% (the exchange's tick), P&L within ${report.maxPnlDiff.toFixed(4)} USDT per trade`);
    const executedAll = report.executedCount === backtest.trades.length;
    if (!executedAll) say(`executed trades: ${report.executedCount}, backtest trades: ${backtest.trades.length}: an exchange fill was not recorded`);
    return values.check && (!report.decisionsEqual || result.duplicateOrders > 0 || !result.readModelMatches || !executedAll) ? 1 : 0;
  } finally {
    localNats?.kill();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`paper: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
