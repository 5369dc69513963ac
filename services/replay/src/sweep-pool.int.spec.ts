import { join } from 'node:path';
import { computeMetrics, loadCandles, renderSweepReport } from '@mast/backtest';
import { deepMerge, resolveStrategyConfig } from '@mast/contracts';
import { runFold } from '@mast/core';
import { gridOf, overridesObject } from './overrides';
import { ROOT } from './run-dir';
import { runSweep } from './sweep-pool';

test('a sweep in worker threads gives, for every set, the figures of the backtest with that set', async () => {
  const symbols = ['BTCUSDT', 'ETHUSDT'];
  const from = Date.UTC(2025, 4, 5);
  const { columns } = await loadCandles(join(ROOT, 'data', 'sample'), symbols, { from, to: from + 3 * 86_400_000 });
  const base = { symbols, ema: { fast: 5, slow: 13 }, entry: { maxCrosses24h: 200 } };
  const axes = [
    { key: 'exits.maxHoldMinutes', values: [60, 240] },
    { key: 'exits.stopLoss', values: [0.005, 0.015] },
  ];
  const grid = gridOf(axes);
  const points = await runSweep(columns, base, grid, 2);
  expect(points).toHaveLength(4);
  const netPnls = new Set<number>();
  for (const point of points) {
    expect(point.error).toBeNull();
    const config = resolveStrategyConfig(deepMerge(base, overridesObject(point.overrides)));
    const fold = runFold(columns, config);
    const m = computeMetrics({ symbols, trades: fold.trades, openPositions: fold.openPositions, initialBalance: fold.initialBalance, finalBalance: fold.finalBalance, maxDrawdown: fold.maxDrawdown, ts: columns.ts, equity: fold.equity });
    expect(point.figures).toEqual({ netPnl: m.netPnl, netPnlPct: m.netPnlPct, trades: m.tradeCount, winRate: m.winRate, profitFactor: m.profitFactor, maxDrawdown: m.maxDrawdown, sharpe: m.sharpe, finalBalance: m.finalBalance, halted: fold.halted });
    netPnls.add(m.netPnl);
  }
  // The sets really differ, so a worker ignoring its set would fail above.
  expect(netPnls.size).toBe(4);

  const html = renderSweepReport({ title: 'Sweep t', subtitle: '', axes, rows: points.map((p) => ({ params: Object.fromEntries(p.overrides.map((o) => [o.key, o.value])), netPnl: p.figures!.netPnl, netPnlPct: p.figures!.netPnlPct, trades: p.figures!.trades, winRate: p.figures!.winRate, profitFactor: p.figures!.profitFactor, maxDrawdown: p.figures!.maxDrawdown, sharpe: p.figures!.sharpe })) });
  expect(html.match(/<td class="cell"/g)).toHaveLength(4);
  expect(html).toContain('exits.maxHoldMinutes');
}, 60_000);

test('a set the config schema refuses is reported as failed, naming the key, and the others still run', async () => {
  const symbols = ['BTCUSDT'];
  const from = Date.UTC(2025, 4, 5);
  const { columns } = await loadCandles(join(ROOT, 'data', 'sample'), symbols, { from, to: from + 86_400_000 });
  const points = await runSweep(columns, { symbols }, [[{ key: 'exits.stopLoss', value: -1 }], [{ key: 'exits.stopLoss', value: 0.02 }]], 2);
  expect(points[0]!.error).toMatch(/stopLoss/);
  expect(points[1]!.error).toBeNull();
}, 60_000);
