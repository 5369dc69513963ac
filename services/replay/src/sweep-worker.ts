import { parentPort } from 'node:worker_threads';
import { computeMetrics } from '@mast/backtest';
import { deepMerge, resolveStrategyConfig } from '@mast/contracts';
import { runFold, type CandleColumns } from '@mast/core';
import type { SweepJob, SweepOutcome, SweepSetup } from './sweep-messages';
import { overridesObject } from './overrides';

/**
 * One sweep worker: receives the candles once (shared memory, no copy), then folds one parameter
 * set per job on the pure core and answers with its figures.
 */
let columns: CandleColumns | null = null;
let base: Record<string, unknown> = {};

parentPort!.on('message', (message: SweepSetup | SweepJob) => {
  if (message.kind === 'setup') {
    const b = message.buffers;
    columns = {
      symbols: message.symbols,
      length: message.length,
      symbolIndex: new Uint8Array(b.symbolIndex),
      ts: new Float64Array(b.ts),
      open: new Float64Array(b.open),
      high: new Float64Array(b.high),
      low: new Float64Array(b.low),
      close: new Float64Array(b.close),
      volume: new Float64Array(b.volume),
    };
    base = message.base;
    return;
  }
  let outcome: SweepOutcome;
  try {
    const config = resolveStrategyConfig(deepMerge(base, overridesObject(message.overrides)));
    const started = performance.now();
    const fold = runFold(columns!, config);
    const metrics = computeMetrics({ symbols: config.symbols, trades: fold.trades, openPositions: fold.openPositions, initialBalance: fold.initialBalance, finalBalance: fold.finalBalance, maxDrawdown: fold.maxDrawdown, ts: columns!.ts, equity: fold.equity });
    outcome = {
      kind: 'done',
      index: message.index,
      ms: performance.now() - started,
      figures: { netPnl: metrics.netPnl, netPnlPct: metrics.netPnlPct, trades: metrics.tradeCount, winRate: metrics.winRate, profitFactor: metrics.profitFactor, maxDrawdown: metrics.maxDrawdown, sharpe: metrics.sharpe, finalBalance: metrics.finalBalance, halted: fold.halted },
    };
  } catch (error) {
    outcome = { kind: 'failed', index: message.index, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(outcome);
});
