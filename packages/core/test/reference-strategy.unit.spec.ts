/**
 * Hand-built scenarios for the reference implementation itself. Small EMA periods (fast 2,
 * slow 3) and a 3-return volatility window make a cross happen within four candles; every
 * expected number is derived in the comments from STRATEGY.md.
 *
 * Shared opening, candles k = 0..3 one minute apart from D (T_k = D + (k+1) min). D is 8 minutes
 * before a UTC midnight, so k0..k7 are on one day and k8 is the first candle of the next:
 *   closes 110, 110, 110, 100.
 *   fast (n=2, alpha 2/3): k1 mean(110,110) = 110; k2 110; k3 110 + 2/3 * (100 - 110) = 103.333...
 *   slow (n=3, alpha 1/2): k2 mean(110,110,110) = 110; k3 110 + 1/2 * (100 - 110) = 105.
 *   d: k2 = 0, k3 = -1.667 -> bearish cross at k3 (d_prev = 0 >= 0, d < 0).
 *   rv at k3: returns [0, 0, ln(100/110)] -> std 0.055 * sqrt(60) = 0.43; with volatileAbove 5
 *   and quietBelow 0 the regime is ACTIVE (crosses24h = 1 <= 100).
 *   Entry at k3: close 100 < min(103.33, 105); E = P = 100 (no slippage);
 *   margin = 0.07 * 10000 * 1 = 700, notional 7000, steps = floor(7000 / 100 / 1 + 1e-9) = 70,
 *   q = 70 (qtyStep 1); entry fee = 0.00055 * 100 * 70 = 3.85; TP = 94, SL = 101.5.
 *   The k3 candle itself has high 110 >= SL: it must not stop out the position it opened.
 */
import { resolveStrategyConfig } from '@mast/contracts';
import type { Candle } from '../src/candles';
import { referenceBacktest } from './reference/reference-strategy';

const MIN = 60_000;
const D = Date.UTC(2025, 0, 1) - 8 * MIN;
const T = (k: number): number => D + (k + 1) * MIN;

function bar(symbol: string, k: number, close: number, shape: { open?: number; high?: number; low?: number } = {}): Candle {
  const open = shape.open ?? close;
  return {
    symbol,
    ts: D + k * MIN,
    open,
    high: shape.high ?? Math.max(open, close),
    low: shape.low ?? Math.min(open, close),
    close,
    volume: 1,
  };
}

/** k0..k3: the opening that enters short at k3 (see the header). */
function opening(symbol: string): Candle[] {
  return [bar(symbol, 0, 110), bar(symbol, 1, 110), bar(symbol, 2, 110), bar(symbol, 3, 100, { open: 110 })];
}

/** Test config: one symbol with whole-unit quantities, fast indicators, no QUIET/VOLATILE/CHOPPY. */
function config(override: Record<string, unknown> = {}) {
  return resolveStrategyConfig({
    symbols: ['SOLUSDT'],
    ema: { fast: 2, slow: 3 },
    regime: { volWindow: 3, quietBelow: 0, volatileAbove: 5 },
    entry: { windowMinutes: 15, maxCrosses24h: 100 },
    instruments: { SOLUSDT: { qtyStep: 1, minQty: 1 } },
    ...override,
  });
}

const S = 'SOLUSDT';
const MONEY = 9;

describe('reference strategy: entry and exits', () => {
  it('enters short at the bearish cross and does not exit on the entry candle', () => {
    const result = referenceBacktest(opening(S), config());
    expect(result.trades).toEqual([]);
    expect(result.openPositions).toHaveLength(1);
    const position = result.openPositions[0]!;
    expect(position).toMatchObject({ symbol: S, entryTs: T(3), entryPrice: 100, qty: 70, lastClose: 100 });
    expect(position.entryFee).toBeCloseTo(3.85, MONEY);
    // The final balance has paid the entry fee and excludes open P&L (which is 0 here).
    expect(result.finalBalance).toBeCloseTo(10_000 - 3.85, MONEY);
    // Marked equity: k0..k2 flat 10000; k3 is marked (step 4) before the entry (step 5).
    expect(result.equity).toEqual([10_000, 10_000, 10_000, 10_000]);
  });

  it('stops out at SL when the high reaches it, filling at max(open, SL)', () => {
    // k4: open 100, high 102 >= SL 101.5 -> STOP_LOSS, fill max(100, 101.5) = 101.5 = X.
    // exit fee = 0.00055 * 101.5 * 70 = 3.90775
    // pnl = (100 - 101.5) * 70 - 3.85 - 3.90775 = -105 - 7.75775 = -112.75775
    // balance = 10000 - 3.85 + (-105 - 3.90775) = 9887.24225
    const candles = [...opening(S), bar(S, 4, 101, { open: 100, high: 102, low: 99.5 })];
    const result = referenceBacktest(candles, config());
    expect(result.trades).toHaveLength(1);
    const trade = result.trades[0]!;
    expect(trade).toMatchObject({ symbol: S, entryTs: T(3), entryPrice: 100, exitTs: T(4), qty: 70, reason: 'STOP_LOSS' });
    // SL is E * (1 + stopLoss) as a float64 product: 100 * 1.015 = 101.49999999999999, not 101.5.
    expect(trade.exitPrice).toBe(100 * (1 + 0.015));
    expect(trade.exitPrice).toBeCloseTo(101.5, 12);
    expect(trade.fees).toBeCloseTo(3.85 + 3.90775, MONEY);
    expect(trade.pnl).toBeCloseTo(-112.75775, MONEY);
    expect(result.finalBalance).toBeCloseTo(9887.24225, MONEY);
    expect(result.openPositions).toEqual([]);
    // After the exit nothing is open, so the k4 marked equity is the balance.
    expect(result.equity[4]).toBe(result.finalBalance);
  });

  it('fills a stop-loss at the open when the candle gaps above SL', () => {
    // k4 opens at 103 > SL 101.5: fill max(103, 101.5) = 103; pnl = -3 * 70 - 3.85 - 0.00055*103*70
    //   = -210 - 3.85 - 3.9655 = -217.8155
    const candles = [...opening(S), bar(S, 4, 102, { open: 103, high: 104, low: 101 })];
    const [trade] = referenceBacktest(candles, config()).trades;
    expect(trade).toMatchObject({ reason: 'STOP_LOSS', exitPrice: 103 });
    expect(trade!.pnl).toBeCloseTo(-217.8155, MONEY);
  });

  it('applies slippage to the sell entry and to the buy exit', () => {
    // slippageBps 10: P = 100 * (1 - 0.001) = 99.9; steps = floor(7000 / 99.9 + 1e-9) = floor(70.07) = 70.
    // SL = 99.9 * 1.015 = 101.3985; k4 high 102 >= SL: fill max(100, 101.3985) = 101.3985,
    // X = 101.3985 * 1.001 = 101.4998985.
    // pnl = (99.9 - 101.4998985) * 70 - 0.00055 * 99.9 * 70 - 0.00055 * 101.4998985 * 70
    //     = -111.992895 - 3.846150 - 3.907746 = -119.746791 (to 6 places)
    const candles = [...opening(S), bar(S, 4, 101, { open: 100, high: 102, low: 99.5 })];
    const [trade] = referenceBacktest(candles, config({ slippageBps: 10 })).trades;
    expect(trade!.entryPrice).toBeCloseTo(99.9, 12);
    expect(trade!.exitPrice).toBeCloseTo(101.4998985, 9);
    expect(trade!.qty).toBe(70);
    expect(trade!.pnl).toBeCloseTo(-119.746791, 5);
  });

  it('takes profit at TP when the low reaches it, filling at min(open, TP)', () => {
    // k4: high 99.5 < SL 101.5, low 93 <= TP 94 -> TAKE_PROFIT, fill min(99, 94) = 94.
    // exit fee = 0.00055 * 94 * 70 = 3.619; pnl = 6 * 70 - 3.85 - 3.619 = 412.531
    const candles = [...opening(S), bar(S, 4, 95, { open: 99, high: 99.5, low: 93 })];
    const result = referenceBacktest(candles, config());
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]).toMatchObject({ exitTs: T(4), exitPrice: 94, reason: 'TAKE_PROFIT' });
    expect(result.trades[0]!.pnl).toBeCloseTo(412.531, MONEY);
    expect(result.finalBalance).toBeCloseTo(10_000 + 412.531, MONEY);
  });

  it('prefers STOP_LOSS when one candle spans both SL and TP', () => {
    const candles = [...opening(S), bar(S, 4, 100, { open: 100, high: 102, low: 90 })];
    expect(referenceBacktest(candles, config()).trades[0]!.reason).toBe('STOP_LOSS');
  });

  it('closes at the close when the hold reaches maxHoldMinutes', () => {
    // maxHoldMinutes 3, Te = T(3): k4 (1 min) and k5 (2 min) hold; k6 has T - Te = 3 min -> TIME_LIMIT
    // at close 97. pnl = 3 * 70 - 3.85 - 0.00055 * 97 * 70 = 210 - 3.85 - 3.7345 = 202.4155
    const candles = [...opening(S), bar(S, 4, 99, { open: 100 }), bar(S, 5, 98, { open: 99 }), bar(S, 6, 97, { open: 98 })];
    const cfg = config({ exits: { takeProfit: 0.06, stopLoss: 0.015, maxHoldMinutes: 3, onRegime: ['VOLATILE', 'CHOPPY'] } });
    const result = referenceBacktest(candles, cfg);
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]).toMatchObject({ entryTs: T(3), exitTs: T(6), exitPrice: 97, reason: 'TIME_LIMIT' });
    expect(result.trades[0]!.pnl).toBeCloseTo(202.4155, MONEY);
    // Marked equity while open: balance 9996.15 + (100 - close) * 70.
    expect(result.equity[4]).toBeCloseTo(9996.15 + 70, MONEY);
    expect(result.equity[5]).toBeCloseTo(9996.15 + 140, MONEY);
  });

  it('exits on a regime listed in exits.onRegime', () => {
    // volatileAbove 0.45. k3: returns [0, 0, ln(100/110) = -0.0953]: mean -0.0318, std 0.0550,
    // rv = 0.0550 * sqrt(60) = 0.426 <= 0.45 -> ACTIVE, the entry happens.
    // k4 closes at 101.4 (high 101.4 < SL 101.5, low 100 > TP 94, held 1 min): returns
    // [0, -0.0953, ln(1.014) = 0.0139]: mean -0.0271, deviations 0.0271, -0.0682, 0.0410,
    // sum of squares 0.00074 + 0.00465 + 0.00168 = 0.00707, var 0.00353, std 0.0594,
    // rv = 0.0594 * 7.746 = 0.460 > 0.45 -> VOLATILE, which is in onRegime: REGIME exit at the close.
    const candles = [...opening(S), bar(S, 4, 101.4, { open: 100 })];
    const result = referenceBacktest(candles, config({ regime: { volWindow: 3, quietBelow: 0, volatileAbove: 0.45 } }));
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]).toMatchObject({ exitTs: T(4), exitPrice: 101.4, reason: 'REGIME' });
  });
});

describe('reference strategy: cooldown after a quick exit', () => {
  // After the k4 stop-loss (T(4), held 1 min < 60 min) the quick-exit rule sets
  // cooldownUntil = T(4) + pause. k5 close 120 is a bullish cross (fast 113.93 > slow 111.5),
  // k6 close 100 a bearish cross (fast 104.64 < slow 105.75) that arms SOL until
  // T(6) + 15 min = T(21). From k7 the close falls by 1 a minute (99, 98, ...), so fast < slow and
  // close < fast hold at every candle (falling series: close < fast EMA < slow EMA).
  // Balance after the stop-loss: 9887.24225 -> margin 0.07 * 9887.24225 = 692.1069575, notional
  // 6921.069575.
  function candles(): Candle[] {
    const list = [...opening(S), bar(S, 4, 101, { open: 100, high: 102, low: 99.5 }), bar(S, 5, 120, { open: 101 }), bar(S, 6, 100, { open: 120 })];
    for (let k = 7; k <= 25; k++) list.push(bar(S, k, 106 - k, { open: 107 - k }));
    return list;
  }
  /** Every entry after the k4 stop-loss, closed or still open. */
  const reentries = (result: ReturnType<typeof referenceBacktest>) =>
    [...result.trades.slice(1), ...result.openPositions].map(({ entryTs, entryPrice, qty }) => ({ entryTs, entryPrice, qty }));
  const withPause = (holdBelowMinutes: number, pauseMinutes: number) =>
    config({
      cooldowns: {
        quickExit: { holdBelowMinutes, pauseMinutes },
        lossStreak: { losses: 3, pauseMinutes: 120 },
        hourly: { maxTrades: 5, pauseMinutes: 30 },
        daily: { maxTrades: 10, pauseMinutes: 240 },
      },
    });

  it('without the quick-exit rule, re-enters at the next bearish cross (k6)', () => {
    // holdBelowMinutes 0: T - Te < 0 never holds. Entry at k6, close 100: q = floor(69.21) = 69.
    // (It later takes profit at TP = 94 when k12 reaches low 94.)
    const result = referenceBacktest(candles(), withPause(0, 10));
    expect(result.trades[0]!.reason).toBe('STOP_LOSS');
    expect(reentries(result)).toEqual([{ entryTs: T(6), entryPrice: 100, qty: 69 }]);
  });

  it('stays armed through the cooldown and enters at the first candle with T >= cooldownUntil', () => {
    // pause 10: cooldownUntil = T(4) + 10 min = T(14). k6..k13 are rejected but stay armed;
    // k14 (close 92) enters: q = floor(6921.069575 / 92) = floor(75.23) = 75.
    const result = referenceBacktest(candles(), withPause(60, 10));
    expect(reentries(result)).toEqual([{ entryTs: T(14), entryPrice: 92, qty: 75 }]);
  });

  it('treats cooldownUntil and armedUntil as inclusive bounds', () => {
    // pause 17: cooldownUntil = T(21) = armedUntil -> entry at k21 (close 85), q = floor(81.42) = 81.
    expect(reentries(referenceBacktest(candles(), withPause(60, 17)))).toEqual([{ entryTs: T(21), entryPrice: 85, qty: 81 }]);
    // pause 18: cooldownUntil = T(22) > armedUntil = T(21): the arming expires first, no entry.
    expect(reentries(referenceBacktest(candles(), withPause(60, 18)))).toEqual([]);
  });
});

describe('reference strategy: halt', () => {
  // Two symbols with the same opening, ETH before SOL in `symbols`. Sizing allocation 0.5,
  // leverage 1, a wide stop (50%), block and daily-loss limits out of the way (0.99).
  // k3 ETH: balance 10000, margin 5000, q = 50, fee 0.00055 * 100 * 50 = 2.75 -> balance 9997.25.
  // k3 SOL: margin 0.5 * 9997.25 = 4998.625, q = floor(49.986) = 49, fee 2.695 -> balance 9994.555.
  //   Exposure 5000 + 4900 = 9900 <= 2.1 * 9997.25.
  // k4 ETH closes at 145 (high 145 < SL 150): equity = 9994.555 + (100 - 145) * 50 + (100 - 100) * 49
  //   = 7744.555 (SOL's lastClose is still its k3 close); peak 10000; drawdown 0.2255 >= 0.20 -> HALT.
  //   EMERGENCY ETH at 145: exit fee 0.00055 * 145 * 50 = 3.9875, pnl = -2250 - 2.75 - 3.9875 = -2256.7375
  //   EMERGENCY SOL at 100 (its previous close): exit fee 2.695, pnl = 0 - 2.695 - 2.695 = -5.39
  //   balance = 9994.555 - 2250 - 3.9875 - 2.695 = 7737.8725
  // k5 ETH closes at 100: fast 110.37 < slow 112.5, a bearish cross with close below both, but the
  // portfolio is halted: no entry.
  const pair = ['ETHUSDT', 'SOLUSDT'] as const;
  function candles(): Candle[] {
    const list: Candle[] = [];
    const eth = [...opening('ETHUSDT'), bar('ETHUSDT', 4, 145, { open: 100 }), bar('ETHUSDT', 5, 100, { open: 145 })];
    const sol = [...opening('SOLUSDT'), bar('SOLUSDT', 4, 100), bar('SOLUSDT', 5, 100)];
    for (let k = 0; k < eth.length; k++) list.push(eth[k]!, sol[k]!);
    return list;
  }
  const cfg = config({
    symbols: [...pair],
    instruments: { ETHUSDT: { qtyStep: 1, minQty: 1 }, SOLUSDT: { qtyStep: 1, minQty: 1 } },
    sizing: { allocation: 0.5, leverage: 1 },
    exits: { takeProfit: 0.06, stopLoss: 0.5, maxHoldMinutes: 1440, onRegime: ['VOLATILE', 'CHOPPY'] },
    risk: {
      dailyLossLimit: 0.99,
      maxExposure: 2.1,
      drawdown: { reduceAt: 0.1, reduceFactor: 0.5, blockAt: 0.99, blockMinutes: 1440, haltAt: 0.2 },
    },
  });

  it('closes every position in symbol order at its lastClose with EMERGENCY and never enters again', () => {
    const result = referenceBacktest(candles(), cfg);
    expect(result.halted).toBe(true);
    expect(result.trades.map((t) => [t.symbol, t.reason, t.exitTs, t.exitPrice, t.qty])).toEqual([
      ['ETHUSDT', 'EMERGENCY', T(4), 145, 50],
      ['SOLUSDT', 'EMERGENCY', T(4), 100, 49],
    ]);
    expect(result.trades[0]!.pnl).toBeCloseTo(-2256.7375, MONEY);
    expect(result.trades[1]!.pnl).toBeCloseTo(-5.39, MONEY);
    expect(result.finalBalance).toBeCloseTo(7737.8725, MONEY);
    expect(result.openPositions).toEqual([]);
    // The halting candle is row 8 (ETH k4); its marked equity is taken before the EMERGENCY closes.
    expect(result.equity[8]).toBeCloseTo(7744.555, MONEY);
    expect(result.drawdown[8]).toBeCloseTo(1 - 7744.555 / 10_000, 12);
    // From the next row (SOL k4) equity is the post-close balance, the deepest point of the run.
    expect(result.equity[9]).toBeCloseTo(7737.8725, MONEY);
    expect(result.maxDrawdown).toBeCloseTo(1 - 7737.8725 / 10_000, 12);
  });

  it('does not halt below haltAt (control)', () => {
    const result = referenceBacktest(candles(), { ...cfg, risk: { ...cfg.risk, drawdown: { ...cfg.risk.drawdown, haltAt: 0.3 } } });
    expect(result.halted).toBe(false);
    expect(result.trades).toEqual([]);
    expect(result.openPositions.map((p) => p.symbol)).toEqual(['ETHUSDT', 'SOLUSDT']);
  });
});

describe('reference strategy: daily loss lock', () => {
  // allocation 1, leverage 1: at k3 margin = 1 * 10000 * 1, notional 10000, q = 100, entry fee
  // 0.00055 * 100 * 100 = 5.5. maxHoldMinutes 1: k4 is a TIME_LIMIT at close 106:
  //   pnl = (100 - 106) * 100 - 5.5 - 0.00055 * 106 * 100 = -600 - 5.5 - 5.83 = -611.33,
  //   balance = 10000 - 5.5 + (-600 - 5.83) = 9388.67; (10000 - 9388.67) / 10000 = 0.0611 >= 0.05: locked.
  // k5 close 120: bullish cross (fast 115.04 > slow 112.75); k6 close 100: bearish cross
  // (fast 105.01 < slow 106.375), close below both, ACTIVE, but the lock holds -> rejected, armed
  // until T(21). k7 (99) is still on the old day: still locked.
  // k8 (98) opens the new day: dayStartEquity = k7's equity = 9388.67, lock lifted, loss 0 -> entry.
  //   drawdown 1 - 9388.67 / 10000 = 0.061 < reduceAt: size factor 1; margin = 9388.67,
  //   q = floor(9388.67 / 98) = floor(95.80) = 95; exposure 9310 <= 2.1 * 9388.67.
  // The quick-exit cooldown is switched off (holdBelowMinutes 0) so only the lock can refuse k6, k7.
  const candles = [
    ...opening(S),
    bar(S, 4, 106, { open: 100 }),
    bar(S, 5, 120, { open: 106 }),
    bar(S, 6, 100, { open: 120 }),
    bar(S, 7, 99, { open: 100 }),
    bar(S, 8, 98, { open: 99 }),
  ];
  const cfg = config({
    sizing: { allocation: 1, leverage: 1 },
    exits: { takeProfit: 0.06, stopLoss: 0.5, maxHoldMinutes: 1, onRegime: ['VOLATILE', 'CHOPPY'] },
    cooldowns: {
      quickExit: { holdBelowMinutes: 0, pauseMinutes: 60 },
      lossStreak: { losses: 3, pauseMinutes: 120 },
      hourly: { maxTrades: 5, pauseMinutes: 30 },
      daily: { maxTrades: 10, pauseMinutes: 240 },
    },
  });

  it('locks entries for the rest of the day and lifts the lock at the first candle of the next', () => {
    expect(Math.floor(candles[8]!.ts / 86_400_000)).toBe(Math.floor(candles[7]!.ts / 86_400_000) + 1);
    const result = referenceBacktest(candles, cfg);
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]).toMatchObject({ exitTs: T(4), exitPrice: 106, reason: 'TIME_LIMIT' });
    expect(result.trades[0]!.pnl).toBeCloseTo(-611.33, MONEY);
    expect(result.openPositions).toHaveLength(1);
    expect(result.openPositions[0]).toMatchObject({ entryTs: T(8), entryPrice: 98, qty: 95 });
  });

  it('enters at the cross (k6) when the limit is not reached (control)', () => {
    // The k6 position then hits the 1-minute time limit at k7.
    const result = referenceBacktest(candles, { ...cfg, risk: { ...cfg.risk, dailyLossLimit: 0.07 } });
    expect(result.trades[1]).toMatchObject({ entryTs: T(6), entryPrice: 100, exitTs: T(7), reason: 'TIME_LIMIT' });
  });
});
