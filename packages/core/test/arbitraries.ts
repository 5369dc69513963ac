import fc from 'fast-check';
import type { StrategyConfig } from '@mast/contracts';
import { config, type CandleRow } from './kit';
import type { CandleColumns } from '../src/candles';
import { columns } from './kit';

const MIN = 60_000;

/** Small-period configs, so a few hundred candles hold crosses, trades, cooldowns and tiers. */
export const smallConfig: fc.Arbitrary<StrategyConfig> = fc
  .record({
    fast: fc.integer({ min: 2, max: 6 }),
    slow: fc.integer({ min: 3, max: 14 }),
    volWindow: fc.integer({ min: 2, max: 8 }),
    volatileAbove: fc.double({ min: 0.02, max: 5, noNaN: true }),
    maxCrosses24h: fc.integer({ min: 2, max: 60 }),
    windowMinutes: fc.integer({ min: 0, max: 20 }),
    takeProfit: fc.double({ min: 0.002, max: 0.08, noNaN: true }),
    stopLoss: fc.double({ min: 0.002, max: 0.05, noNaN: true }),
    maxHoldMinutes: fc.integer({ min: 3, max: 120 }),
    allocation: fc.double({ min: 0.05, max: 0.3, noNaN: true }),
    leverage: fc.integer({ min: 1, max: 10 }),
    maxExposure: fc.double({ min: 1, max: 6, noNaN: true }),
    dailyLossLimit: fc.double({ min: 0.01, max: 0.3, noNaN: true }),
    reduceAt: fc.double({ min: 0.01, max: 0.05, noNaN: true }),
    blockAt: fc.double({ min: 0.05, max: 0.1, noNaN: true }),
    haltAt: fc.double({ min: 0.1, max: 0.3, noNaN: true }),
    blockMinutes: fc.integer({ min: 1, max: 300 }),
    slippageBps: fc.integer({ min: 0, max: 20 }),
  })
  .map((p) =>
    config({
      ema: { fast: p.fast, slow: p.slow },
      regime: { volWindow: p.volWindow, quietBelow: 0, volatileAbove: p.volatileAbove },
      entry: { windowMinutes: p.windowMinutes, maxCrosses24h: p.maxCrosses24h },
      exits: { takeProfit: p.takeProfit, stopLoss: p.stopLoss, maxHoldMinutes: p.maxHoldMinutes },
      sizing: { allocation: p.allocation, leverage: p.leverage },
      risk: {
        maxExposure: p.maxExposure,
        dailyLossLimit: p.dailyLossLimit,
        drawdown: { reduceAt: p.reduceAt, reduceFactor: 0.5, blockAt: p.blockAt, blockMinutes: p.blockMinutes, haltAt: p.haltAt },
      },
      cooldowns: { quickExit: { holdBelowMinutes: 10, pauseMinutes: 30 }, lossStreak: { losses: 2, pauseMinutes: 45 }, hourly: { maxTrades: 1, pauseMinutes: 20 }, daily: { maxTrades: 4, pauseMinutes: 90 } },
      slippageBps: p.slippageBps,
    }),
  );

/**
 * Random walks for BTC, ETH and SOL over up to a few days of minutes, with missing candles
 * (each symbol skips some minutes) and occasional jumps that gap through stops.
 */
export const candleSet: fc.Arbitrary<CandleColumns> = fc
  .record({
    minutes: fc.integer({ min: 30, max: 400 }),
    startDay: fc.integer({ min: 0, max: 3 }),
    step: fc.integer({ min: 1, max: 60 }), // minutes between candles: long steps cross day boundaries
    seeds: fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 400, maxLength: 400 }), { minLength: 3, maxLength: 3 }),
    missing: fc.array(fc.integer({ min: 0, max: 399 }), { maxLength: 40 }),
  })
  .map(({ minutes, startDay, step, seeds, missing }) => {
    const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
    const start = [60_000, 2_000, 150];
    const skip = new Set(missing);
    const rows: CandleRow[] = [];
    const price = [...start];
    for (let k = 0; k < minutes; k++) {
      const ts = startDay * 86_400_000 + (k * step + 1) * MIN * 1;
      symbols.forEach((symbol, s) => {
        const u = seeds[s]![k]!;
        const move = Math.abs(u) > 0.95 ? u * 0.12 : u * 0.01; // rare jumps of up to 12%
        const open = price[s]!;
        const close = Math.max(open * (1 + move), 0.01);
        const wick = Math.abs(seeds[(s + 1) % 3]![k]!) * 0.004;
        price[s] = close;
        if (skip.has(k) && s === k % 3) return;
        rows.push({ symbol, ts, open, high: Math.max(open, close) * (1 + wick), low: Math.min(open, close) * (1 - wick), close });
      });
    }
    return columns(symbols, rows);
  });
