/**
 * The reference over the whole data/sample set, checked against properties that follow from
 * STRATEGY.md whatever the market did (no result numbers are asserted here: those are for the
 * comparison with the optimized core). Two configs: the defaults, and a churning one (fast
 * EMAs, tight exits, 1 bp slippage) that reaches the regime exit, the cooldowns, a block and a halt.
 */
import { resolveStrategyConfig, type StrategyConfig } from '@mast/contracts';
import type { Candle } from '../src/candles';
import { loadSample } from './reference/load-sample';
import { referenceBacktest, type ReferenceResult } from './reference/reference-strategy';

const MIN = 60_000;

const CHURNING = resolveStrategyConfig({
  ema: { fast: 5, slow: 13 },
  entry: { maxCrosses24h: 150 },
  exits: { takeProfit: 0.003, stopLoss: 0.002, maxHoldMinutes: 30, onRegime: ['VOLATILE', 'CHOPPY', 'QUIET'] },
  risk: { dailyLossLimit: 0.5, drawdown: { reduceAt: 0.3, blockAt: 0.4, blockMinutes: 60, haltAt: 0.6 } },
  cooldowns: { quickExit: { holdBelowMinutes: 5, pauseMinutes: 1 } },
  slippageBps: 1,
});

describe.each([
  ['default config', resolveStrategyConfig({})],
  ['churning config', CHURNING],
])('reference over data/sample, %s', (_name, config: StrategyConfig) => {
  let candles: Candle[];
  let result: ReferenceResult;
  beforeAll(() => {
    candles = loadSample(config.symbols);
    result = referenceBacktest(candles, config);
  });

  it('loads the symbols merged by ts, then symbol order', () => {
    expect(candles.length).toBeGreaterThan(0);
    const rank = (c: Candle) => config.symbols.indexOf(c.symbol);
    // First row out of order, or -1 (one expect, not one per candle: keeps the test fast).
    const misplaced = candles.findIndex((b, i) => {
      const a = candles[i - 1];
      return a !== undefined && !(a.ts < b.ts || (a.ts === b.ts && rank(a) < rank(b)));
    });
    expect(misplaced).toBe(-1);
  });

  it('trades at all, and marks equity once per candle', () => {
    expect(result.trades.length).toBeGreaterThan(0);
    expect(result.equity).toHaveLength(candles.length);
    expect(result.maxDrawdown).toBe(result.drawdown.reduce((max, d) => Math.max(max, d), 0));
  });

  it('reconciles the final balance with the trades and the open positions', () => {
    // balance = initial - every entry fee + sum over closed trades of ((E - X) q - exit fee)
    //         = initial + sum of trade P&L - entry fees of positions still open.
    const pnl = result.trades.reduce((sum, t) => sum + t.pnl, 0);
    const openFees = result.openPositions.reduce((sum, p) => sum + p.entryFee, 0);
    expect(result.finalBalance).toBeCloseTo(config.initialBalance + pnl - openFees, 6);
  });

  // Each property below collects its violations and asserts there are none: one expect per
  // property instead of one per trade keeps these runs fast.
  it('closes trades in time order, one position per symbol at a time', () => {
    const violations: string[] = [];
    result.trades.forEach((t, i) => {
      const previous = result.trades[i - 1];
      if (previous && t.exitTs < previous.exitTs) violations.push(`trade ${i} closes before trade ${i - 1}`);
    });
    for (const symbol of config.symbols) {
      const own = result.trades.filter((t) => t.symbol === symbol);
      const open = result.openPositions.filter((p) => p.symbol === symbol);
      if (open.length > 1) violations.push(`${symbol}: ${open.length} open positions`);
      const entries = [...own.map((t) => t.entryTs), ...open.map((p) => p.entryTs)];
      entries.forEach((entryTs, i) => {
        const previousExit = own[i - 1]?.exitTs;
        if (previousExit !== undefined && entryTs < previousExit) violations.push(`${symbol}: entry ${entryTs} before exit ${previousExit}`);
      });
    }
    expect(violations).toEqual([]);
  });

  it('sizes in whole qtySteps of at least minQty and enters on a minute boundary', () => {
    const violations = [...result.trades, ...result.openPositions].filter((t) => {
      const { qtyStep, minQty } = config.instruments[t.symbol]!;
      return Math.abs(t.qty / qtyStep - Math.round(t.qty / qtyStep)) > 1e-6 || t.qty < minQty || t.entryTs % MIN !== 0;
    });
    expect(violations).toEqual([]);
  });

  it('exits for the reason its price or time says, with the stated fees and P&L', () => {
    const slip = 1 + config.slippageBps / 10_000;
    const close = (a: number, b: number) => Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    const violations = result.trades.filter((t) => {
      const E = t.entryPrice;
      if (t.exitTs < t.entryTs) return true;
      if (t.reason !== 'EMERGENCY' && t.exitTs === t.entryTs) return true;
      if (t.reason === 'STOP_LOSS' && t.exitPrice < E * (1 + config.exits.stopLoss) * slip) return true;
      if (t.reason === 'TAKE_PROFIT' && t.exitPrice > E * (1 - config.exits.takeProfit) * slip) return true;
      if (t.reason === 'TIME_LIMIT' && t.exitTs - t.entryTs < config.exits.maxHoldMinutes * MIN) return true;
      if (!close(t.fees, config.fees.taker * E * t.qty + config.fees.taker * t.exitPrice * t.qty)) return true;
      return !close(t.pnl, (E - t.exitPrice) * t.qty - t.fees);
    });
    expect(violations).toEqual([]);
  });

  it('makes EMERGENCY closes only at the halt, all at one time, and never enters after it', () => {
    const emergencies = result.trades.filter((t) => t.reason === 'EMERGENCY');
    if (!result.halted) {
      expect(emergencies).toEqual([]);
      return;
    }
    const haltT = result.trades.at(-1)!.exitTs;
    expect(emergencies.filter((t) => t.exitTs !== haltT)).toEqual([]);
    expect(result.openPositions).toEqual([]);
    expect(result.trades.filter((t) => t.entryTs > haltT)).toEqual([]);
  });

  it('waits out the quick-exit cooldown before the next entry of the symbol', () => {
    const { holdBelowMinutes, pauseMinutes } = config.cooldowns.quickExit;
    const entries = [...result.trades, ...result.openPositions];
    const violations = result.trades.flatMap((t) => {
      if (t.exitTs - t.entryTs >= holdBelowMinutes * MIN) return [];
      return entries.filter((e) => e !== t && e.symbol === t.symbol && e.entryTs >= t.exitTs && e.entryTs < t.exitTs + pauseMinutes * MIN);
    });
    expect(violations).toEqual([]);
  });
});
