import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isCandleFileError, isNoCandlesError, parseTimeArg, isUsageError } from '@mast/backtest';
import { connectBus, silentBusLogger } from '@mast/bus';
import { isConfigError } from '@mast/contracts';
import { answers } from '@mast/paper';
import type { CandleSource } from './candle-source';
import { NoRecordedCandlesError } from './candle-source';
import { formatDiff } from './diff-decisions';
import { defaultRunName, ReplayNameError, replayNamespace } from './namespace';
import { OverrideError, parseSets, parseSweeps } from './overrides';
import { ReplayIsolationError, runReplay, type ReplayMode } from './replay-run';
import { readManifest, RUNS_DIR } from './run-dir';
import { defaultWorkers } from './sweep-pool';
import { ranked, runSweepCommand, sweepTable } from './sweep-run';

const USAGE = `pnpm replay -- --from ISO --to ISO [options]
Replays recorded candles through the real signal, risk and execution services (execution on a
simulated exchange) in a fresh namespace replay-<name>, and writes the backtest's outputs.

  --from, --to TIME    range of candle open times, from inclusive, to exclusive (ISO or epoch ms)
  --symbols A,B        symbols (default: the config's)
  --set key=value      override a trading-rule key (repeatable), e.g. --set exits.stopLoss=0.02
  --mode M             lockstep (default; equals the backtest) or fast (as fast as the bus goes)
  --name RUN           run name: namespace replay-RUN, outputs in runs/RUN (default: time-based)
  --source NS          recorded namespace to take candles from (default live)
  --data DIR           take candles from {SYMBOL}-1m.csv.gz files instead of a namespace
  --diff-live [--live-ns NS]  list every decision that differs from what NS (default: the
                       source namespace, or live) decided over the same range, with its cause
  --out DIR            output folder (default runs/RUN)
  --sweep key=a,b,c    sweep instead of replay (repeatable: a grid), on the pure core in worker threads
  --workers N          sweep worker threads (default: the number of cores)
  --confirm N          after a sweep, confirm the N best sets by a lockstep replay each
  -h, --help
Exit codes: 0 done, 1 failed (or a lockstep replay that differs from the backtest), 2 bad input.`;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      from: { type: 'string' }, to: { type: 'string' }, symbols: { type: 'string' }, set: { type: 'string', multiple: true },
      mode: { type: 'string' }, name: { type: 'string' }, source: { type: 'string' }, data: { type: 'string' },
      'diff-live': { type: 'boolean' }, 'live-ns': { type: 'string' }, out: { type: 'string' }, sweep: { type: 'string', multiple: true },
      workers: { type: 'string' }, confirm: { type: 'string' }, 'log-level': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    say(USAGE);
    return 0;
  }
  const problems: string[] = [];
  if (!values.from) problems.push('--from is required');
  if (!values.to) problems.push('--to is required');
  const mode = (values.mode ?? 'lockstep') as ReplayMode;
  if (mode !== 'lockstep' && mode !== 'fast') problems.push(`--mode must be lockstep or fast, was ${values.mode}`);
  const workers = values.workers === undefined ? defaultWorkers() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1) problems.push(`--workers must be a positive integer, was ${values.workers}`);
  const confirm = values.confirm === undefined ? 0 : Number(values.confirm);
  if (!Number.isInteger(confirm) || confirm < 0) problems.push(`--confirm must be a non-negative integer, was ${values.confirm}`);
  if (problems.length > 0) throw new OverrideError(problems.join('\n'));
  const from = parseTimeArg(values.from!, '--from');
  const to = parseTimeArg(values.to!, '--to');
  if (!(to > from)) throw new OverrideError('--to must be after --from');
  const sets = parseSets(values.set ?? []);
  const symbols = values.symbols ? values.symbols.split(',').filter(Boolean) : undefined;
  const name = values.name ?? defaultRunName(new Date());
  const ns = replayNamespace(name);
  const source: CandleSource = values.data ? { kind: 'files', dir: resolve(values.data) } : { kind: 'namespace', ns: values.source ?? 'live' };
  const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const outDir = resolve(values.out ?? join(RUNS_DIR, name));

  if (values.sweep && values.sweep.length > 0) {
    const axes = parseSweeps(values.sweep);
    const bus = source.kind === 'namespace' ? await connectBus({ servers: natsUrl, name: 'replay-sweep', logger: silentBusLogger }) : null;
    try {
      const result = await runSweepCommand({ name, source, from, to, symbols, base: sets, axes, workers, outDir, say }, bus);
      say(sweepTable(result.points));
      say(`sweep: ${result.points.length} sets × ${result.candles} candles in ${result.seconds.toFixed(1)} s = ${(result.candleStepsPerSecond / 1e6).toFixed(2)}M candle-steps/s on ${workers} workers`);
      say(`report: ${result.files[0]}  (also ${result.files.slice(1).join(', ')})`);
      let failed = result.points.some((p) => p.error !== null);
      for (const [i, point] of ranked(result.points).slice(0, confirm).entries()) {
        const confirmName = `${name.slice(0, 20)}-c${i + 1}`;
        say(`\nconfirming set ${i + 1} by a lockstep replay: ${point.overrides.map((o) => `${o.key}=${JSON.stringify(o.value)}`).join(' ')}`);
        const replay = await runReplay({ name: confirmName, ns: replayNamespace(confirmName), source, from, to, symbols, overrides: [...sets, ...point.overrides], mode: 'lockstep', natsUrl, outDir: join(outDir, `confirm-${i + 1}`), say, ...(values['log-level'] ? { logLevel: values['log-level'] } : {}) });
        const same = replay.result.trades.length === point.figures?.trades && Math.abs(replay.result.finalBalance - point.figures.finalBalance) === 0;
        say(`confirmed: ${replay.result.trades.length} trades, final balance ${replay.result.finalBalance.toFixed(2)}: ${same && replay.equalsBacktest ? 'equal to the sweep' : 'DIFFERENT from the sweep'} (namespace ${replay.ns})`);
        if (!same || !replay.equalsBacktest) failed = true;
      }
      return failed ? 1 : 0;
    } finally {
      await bus?.drain();
    }
  }

  if (!(await answers(natsUrl))) {
    say(`NATS does not answer at ${natsUrl}: start it with bash scripts/ensure-services.sh, or set NATS_URL`);
    return 1;
  }
  const liveNs = values['live-ns'] ?? (source.kind === 'namespace' ? source.ns : 'live');
  const diffWith = values['diff-live'] ? { ns: liveNs, config: null } : undefined;
  const result = await runReplay({ name, ns, source, from, to, symbols, overrides: sets, mode, natsUrl, outDir, say, ...(diffWith ? { diffWith } : {}), ...(values['log-level'] ? { logLevel: values['log-level'] } : {}) });
  say('');
  say(`replay done: ${result.candles} candles (${result.minutes} minutes) in ${result.seconds.toFixed(1)} s, ${(result.candles / result.seconds).toFixed(0)} candles/s, ${mode} mode`);
  say(`decisions: ${result.result.trades.length} trades, ${result.result.openPositions.length} open, final balance ${result.result.finalBalance.toFixed(2)}, max drawdown ${(result.result.maxDrawdown * 100).toFixed(2)}%; ${result.executedTrades} executed at the simulated exchange`);
  if (result.exchangeCloses > 0) say(`${result.exchangeCloses} positions were closed by the simulated exchange's own stop or target (levels rounded to its tick) before the rules closed them: risk booked them at the exchange's fill, as live would`);
  if (result.refusedEntries > 0) say(`${result.refusedEntries} entries were refused by the simulated exchange: they never happened, for risk either`);
  say(result.equalsBacktest ? `equal to the backtest on the same candles (${result.backtest.trades.length} trades, equity per candle to the bit)` : `DIFFERENT from the backtest on the same candles: ${result.result.trades.length} vs ${result.backtest.trades.length} trades, final balance ${result.result.finalBalance} vs ${result.backtest.finalBalance}`);
  say(`events: namespace ${result.ns}, streams ${result.streams.join(', ')} (pnpm replay:gc -- ${name} removes them)`);
  say(`outputs: ${outDir} (${result.files.map((f) => f.slice(outDir.length + 1)).join(', ')})`);
  if (result.diff) {
    for (const line of formatDiff(result.diff, 'A=replay', `B=${liveNs}`, 30)) say(line);
    say(`every difference: ${join(outDir, 'diff-live.txt')}`);
  }
  const manifest = readManifest(outDir);
  // A lockstep run differs from the backtest only where the exchange closed a position itself.
  return mode === 'lockstep' && manifest && !result.equalsBacktest && result.exchangeCloses === 0 && result.refusedEntries === 0 ? 1 : 0;
}

const BAD_INPUT = [isUsageError, isConfigError, isCandleFileError, isNoCandlesError, (e: unknown) => e instanceof OverrideError || e instanceof ReplayNameError || e instanceof NoRecordedCandlesError || e instanceof ReplayIsolationError];

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const bad = BAD_INPUT.some((test) => test(error));
    process.stderr.write(`replay: ${error instanceof Error ? (bad ? error.message : (error.stack ?? error.message)) : String(error)}\n`);
    process.exit(bad ? 2 : 1);
  },
);
