import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { renderOutputs, writeOutputFiles } from '@mast/backtest';
import { connectBus, createPublisher, deleteNamespace, provisionNamespace, silentBusLogger } from '@mast/bus';
import { startSimulator } from '@mast/bybit-sim';
import { resolveStrategyConfig, streamDefinitions, type StrategyConfig } from '@mast/contracts';
import { runFold, type FoldResult } from '@mast/core';
import { driveLockstep, freePort, simulatorEnv, startServiceProcess, stopAll, waitReady, type ServiceProcess } from '@mast/paper';
import { describeSource, loadReplayCandles, type CandleSource } from './candle-source';
import { diffDecisions, formatDiff, type DecisionDiff } from './diff-decisions';
import { driveFast } from './fast-driver';
import { isReplayNamespace } from './namespace';
import { describeOverrides, overridesObject, type Override } from './overrides';
import { exchangeCloses, foldResultFromDecisions, markCollector, readDecisions, readExecutionFacts } from './run-result';
import { ROOT, writeManifest, type RunManifest } from './run-dir';

/** The services a replay runs: the decisions and a broker; candles come from the runner itself. */
export const REPLAY_SERVICES = ['signal', 'risk', 'execution'] as const;

export type ReplayMode = 'lockstep' | 'fast';

export interface ReplayOptions {
  readonly name: string;
  /** `replay-<name>`: deleted and created afresh. */
  readonly ns: string;
  readonly source: CandleSource;
  readonly from: number;
  readonly to: number;
  /** Symbols to trade (default: the config's). */
  readonly symbols?: readonly string[];
  readonly overrides: readonly Override[];
  readonly mode: ReplayMode;
  readonly natsUrl: string;
  readonly outDir: string;
  /** Also compare the decisions with this namespace's over the same range (`--diff-live`). */
  readonly diffWith?: { readonly ns: string; readonly config: unknown };
  readonly logLevel?: string;
  readonly say: (line: string) => void;
}

export interface ReplayResult {
  readonly ns: string;
  readonly streams: readonly string[];
  readonly config: StrategyConfig;
  readonly candles: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly result: FoldResult;
  readonly backtest: FoldResult;
  /** Trades, open positions, final balance and equity equal to the backtest on the same candles. */
  readonly equalsBacktest: boolean;
  readonly executedTrades: number;
  /** Positions the simulated exchange closed by its own stop or target (tick-rounded levels) before the rules did. */
  readonly exchangeCloses: number;
  /** Entries the simulated exchange refused (they never happened, for risk too). */
  readonly refusedEntries: number;
  readonly files: readonly string[];
  readonly diff: DecisionDiff | null;
}

export class ReplayIsolationError extends Error {
  override readonly name = 'ReplayIsolationError';
}


/**
 * The services' environment, built so that a replay cannot reach a real exchange: nothing of the
 * caller's BYBIT_* or MAST_* settings is inherited, and the only exchange the services are given
 * is the run's own simulator on 127.0.0.1.
 */
export function replayEnvironment(base: NodeJS.ProcessEnv, settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) if (!key.startsWith('BYBIT_') && !key.startsWith('MAST_')) env[key] = value;
  return { ...env, ...settings };
}

/** Same trades, open positions, final balance and per-candle equity, to the bit. */
export function sameResult(a: FoldResult, b: FoldResult): boolean {
  return (
    JSON.stringify(a.trades) === JSON.stringify(b.trades) &&
    JSON.stringify(a.openPositions) === JSON.stringify(b.openPositions) &&
    a.finalBalance === b.finalBalance &&
    a.maxDrawdown === b.maxDrawdown &&
    a.equity.length === b.equity.length &&
    a.equity.every((v, i) => v === b.equity[i])
  );
}

/**
 * One replay: the range's recorded candles published into a fresh namespace, the real signal,
 * risk and execution services bound to it (execution trading on a simulator), and the backtest's
 * outputs written from what the services decided.
 */
export async function runReplay(options: ReplayOptions): Promise<ReplayResult> {
  const { ns, say } = options;
  if (!isReplayNamespace(ns)) throw new ReplayIsolationError(`a replay runs only in a replay-* namespace, not ${ns}`);
  if (options.source.kind === 'namespace' && options.source.ns === ns) throw new ReplayIsolationError(`the replay namespace ${ns} cannot be its own source`);
  const strategyOverrides = overridesObject(options.symbols ? [...options.overrides, { key: 'symbols', value: options.symbols }] : options.overrides);
  const config = resolveStrategyConfig(strategyOverrides);
  const symbols = config.symbols;

  const bus = await connectBus({ servers: options.natsUrl, name: `replay-runner-${options.name}`, logger: silentBusLogger });
  const services: ServiceProcess[] = [];
  let sim: Awaited<ReturnType<typeof startSimulator>> | null = null;
  try {
    say(`replay ${options.name}: ${symbols.join(', ')} from ${new Date(options.from).toISOString()} to ${new Date(options.to).toISOString()}, ${describeOverrides(options.overrides)}, ${options.mode} mode`);
    say(`candles from ${describeSource(options.source)}`);
    const candles = await loadReplayCandles(options.source, symbols, options.from, options.to, bus);
    const { columns } = candles;
    const minutes: { ts: number; candles: number }[] = [];
    const byMinute: (typeof candles.events)[number][][] = [];
    for (let i = 0; i < columns.length; i++) {
      const ts = columns.ts[i]!;
      if (minutes.at(-1)?.ts === ts) {
        minutes.at(-1)!.candles++;
        byMinute.at(-1)!.push(candles.events[i]!);
      } else {
        minutes.push({ ts, candles: 1 });
        byMinute.push([candles.events[i]!]);
      }
    }
    say(`${columns.length} candles in ${minutes.length} minutes; namespace ${ns}`);

    await deleteNamespace(bus.jsm, ns);
    await provisionNamespace(bus.jsm, ns);
    const streams = streamDefinitions(ns).map((d) => d.name);

    // The broker is simulated by construction: a simulator of this run, with its own random keys.
    const apiKey = randomBytes(12).toString('hex');
    const apiSecret = randomBytes(24).toString('hex');
    const series = Object.fromEntries(symbols.map((symbol, s) => {
      const rows = [];
      for (let i = 0; i < columns.length; i++) if (columns.symbolIndex[i] === s) rows.push({ ts: columns.ts[i]!, open: columns.open[i]!, high: columns.high[i]!, low: columns.low[i]!, close: columns.close[i]!, volume: columns.volume[i]! });
      return [symbol, rows];
    }));
    sim = await startSimulator({
      accounts: [{ apiKey, secret: apiSecret, balanceUsdt: config.initialBalance }],
      market: { candles: series, speed: 'manual', from: options.from, pathOrder: 'high' },
    });
    const env = replayEnvironment(process.env, {
      MAST_NS: ns,
      MAST_NATS_URL: options.natsUrl,
      MAST_LOG_LEVEL: options.logLevel ?? 'warn',
      MAST_STRATEGY: JSON.stringify(strategyOverrides),
      MAST_LEVERAGE: String(Math.round(config.sizing.leverage)),
      ...simulatorEnv(sim, apiKey, apiSecret, symbols),
      // The NATS user for replays (deploy/nats): it may publish only to replay-* subjects.
      ...(process.env.MAST_REPLAY_NATS_USER ? { MAST_NATS_USER: process.env.MAST_REPLAY_NATS_USER, ...(process.env.MAST_REPLAY_NATS_PASS ? { MAST_NATS_PASS: process.env.MAST_REPLAY_NATS_PASS } : {}) } : {}),
    });
    for (const [i, name] of REPLAY_SERVICES.entries()) services.push(startServiceProcess(ROOT, name, i, await freePort(), env, say));
    await Promise.all(services.map((s) => waitReady(s, 60_000)));
    say(`signal, risk and execution ready (execution trades on the simulator at ${sim.url})`);

    const publisher = createPublisher(bus, { ns });
    const started = Date.now();
    let lastReport = 0;
    const progress = (done: number, total: number, ts: number, unit: string) => {
      if (done === total || Date.now() - lastReport > 5_000) {
        lastReport = Date.now();
        const rate = done / ((Date.now() - started) / 1000) || 0;
        say(`progress: ${done}/${total} ${unit} (${new Date(ts).toISOString().slice(0, 16)}), ${rate.toFixed(0)} ${unit}/s`);
      }
    };
    if (options.mode === 'lockstep') {
      let next = 0;
      const market = sim;
      await driveLockstep({
        nc: bus.nc,
        ns,
        minutes,
        step: async () => {
          await market.step();
          await publisher.publishMany(byMinute[next++]!);
        },
        timeoutMs: 90_000,
        onProgress: (done, total, ts) => progress(done, total, ts, 'minutes'),
      });
    } else {
      // Where the backtest on the same candles places orders: the minutes fast mode syncs at.
      const minuteIndex = new Map(minutes.map((m, i) => [m.ts, i]));
      const syncMinutes = new Set<number>();
      runFold(columns, config, { onEvent: (e) => {
        if (e.type === 'PositionOpened' || e.type === 'PositionClosed') syncMinutes.add(minuteIndex.get(e.T - 60_000)!);
      } });
      const market = sim;
      await driveFast({
        nc: bus.nc,
        ns,
        publisher,
        minutes: byMinute,
        syncMinutes,
        advanceMarketTo: async (ts) => {
          await market.advanceTo(ts);
        },
        stallMs: 90_000,
        onProgress: (done, total, T) => progress(done, total, T, 'candles'),
      });
    }
    const seconds = (Date.now() - started) / 1000;
    await stopAll(services);
    services.length = 0;

    const marks = markCollector(columns);
    const decisions = await readDecisions(bus, ns, { onMark: marks.onMark });
    const facts = await readExecutionFacts(bus, ns);
    const executed = facts.closes;
    const byExchange = exchangeCloses(decisions, executed);
    const refusedEntries = decisions.risk.filter((e) => e.type === 'OrderRequested' && e.data.intent === 'OPEN' && facts.refused.has(e.data.requestId)).length;
    const result = foldResultFromDecisions(columns, decisions, marks.result(), config, byExchange, facts.refused);
    const backtest = runFold(columns, config);
    const equalsBacktest = sameResult(result, backtest);
    const outputs = renderOutputs(columns, result, config, { from: options.from, to: options.to }, candles.rowsPerSymbol);
    const report = outputs.contents['report.html'].replace('MAST backtest', `MAST replay · ${options.name} · ${options.mode}`).replace('<title>Backtest', `<title>Replay ${options.name}`);
    const files = await writeOutputFiles(options.outDir, { ...outputs.contents, 'report.html': report });

    let diff: DecisionDiff | null = null;
    if (options.diffWith) {
      const theirs = await readDecisions(bus, options.diffWith.ns);
      // A namespace's running config is not on the log: unless given, it is assumed to be the defaults.
      const assumed = options.diffWith.config === null;
      diff = diffDecisions(decisions, theirs, { from: options.from, to: options.to }, config, assumed ? resolveStrategyConfig({}) : options.diffWith.config);
      const text = formatDiff(diff, `replay ${ns}`, options.diffWith.ns, Infinity);
      if (assumed) text.splice(1, 0, `(${options.diffWith.ns}'s config is not on its log: compared as if it ran the defaults)`);
      const { writeFile } = await import('node:fs/promises');
      await writeFile(join(options.outDir, 'diff-live.txt'), `${text.join('\n')}\n`);
      files.push(join(options.outDir, 'diff-live.txt'));
    }
    const manifest: RunManifest = {
      kind: 'replay',
      name: options.name,
      ns,
      streams,
      source: describeSource(options.source),
      from: new Date(options.from).toISOString(),
      to: new Date(options.to).toISOString(),
      symbols,
      overrides: options.overrides,
      config,
      mode: options.mode,
      candles: columns.length,
      seconds,
      createdAt: new Date().toISOString(),
      equalsBacktest,
    };
    await writeManifest(options.outDir, manifest);
    files.push(join(options.outDir, 'run.json'));
    return { ns, streams, config, candles: columns.length, minutes: minutes.length, seconds, result, backtest, equalsBacktest, executedTrades: executed.length, exchangeCloses: byExchange.length, refusedEntries, files, diff };
  } finally {
    await stopAll(services);
    await sim?.close();
    await bus.drain();
  }
}
