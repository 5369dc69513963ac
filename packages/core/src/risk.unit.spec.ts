import type { Regime } from '@mast/contracts';
import { config, position, recorder } from '../test/kit';
import type { EntrySignalled } from './events';
import { initialPortfolio, type Portfolio } from './portfolio';
import { applyEntry, entryBlocker, markPortfolio, type RiskCandle } from './risk';

const MIN = 60_000;
const DAY = 86_400_000;
const cfg = config();

function candle(symbolIndex: number, ts: number, close: number, regime: Regime = 'ACTIVE'): RiskCandle {
  return { symbolIndex, T: ts + MIN, day: Math.floor(ts / DAY), open: close, high: close, low: close, close, regime };
}

/** A portfolio with a BTC short of 1 unit at 100 (no fee), so equity = balance + (100 - close). */
function withShort(balance = 1000): Portfolio {
  const p = initialPortfolio(config({ initialBalance: balance }));
  p.positions[0] = position({ entryPrice: 100, qty: 1, symbol: 'BTCUSDT', symbolIndex: 0 });
  p.openCount = 1;
  return p;
}

describe('daily loss lock', () => {
  it('locks at exactly 5% below the day-start equity and stays locked after a recovery', () => {
    const p = withShort(1000);
    const c = config({ initialBalance: 1000 });
    const r = recorder();
    markPortfolio(p, candle(0, 0, 149.9), c, r.emit); // equity 950.1: loss 4.99%
    expect(p.dailyLocked).toBe(false);
    markPortfolio(p, candle(0, MIN, 150), c, r.emit); // equity 950: loss exactly 5%
    expect(p.dailyLocked).toBe(true);
    markPortfolio(p, candle(0, 2 * MIN, 100), c, r.emit); // recovers to 1000: still locked today
    expect(p.dailyLocked).toBe(true);
    expect(r.ofType('DailyLossLocked')).toHaveLength(1);
  });

  it('opens a new day at the previous candle’s marked equity and lifts the lock there', () => {
    const p = withShort(1000);
    const c = config({ initialBalance: 1000 });
    const r = recorder();
    markPortfolio(p, candle(0, DAY - 2 * MIN, 160), c, r.emit); // equity 940: locked on day 0
    markPortfolio(p, candle(0, DAY - MIN, 170), c, r.emit); // last candle of day 0: equity 930
    expect(p.dailyLocked).toBe(true);
    markPortfolio(p, candle(0, DAY, 170), c, r.emit); // first candle of day 1 (ts = 00:00)
    expect(p.day).toBe(1);
    expect(p.dayStartEquity).toBe(930);
    expect(p.dailyLocked).toBe(false);
    expect(r.ofType('DailyLossUnlocked')).toEqual([{ type: 'DailyLossUnlocked', T: DAY + MIN, day: 1 }]);
    // 5% of 930 is 46.5: equity 883.5 locks again
    markPortfolio(p, candle(0, DAY + MIN, 216.5), c, r.emit);
    expect(p.dailyLocked).toBe(true);
  });
});

describe('drawdown tiers', () => {
  // Peak 1000 and a 1-unit short at 100 with huge limits elsewhere: drawdown = (close - 100) / 1000.
  const c = config({ initialBalance: 1000, risk: { dailyLossLimit: 0.99 } });
  const mark = (p: Portfolio, ts: number, close: number, r = recorder()) => {
    markPortfolio(p, candle(0, ts, close), c, r.emit);
    return r;
  };

  it('reduces size at 10%, blocks for 24 h on an upward crossing of 15%, and never extends a running block', () => {
    const p = withShort(1000);
    mark(p, 0, 199); // dd 9.9%
    expect(p.sizeFactor).toBe(1);
    mark(p, MIN, 200); // dd "exactly" 10% is 1 - 900 / 1000 = 0.09999999999999998 in float64: not yet
    expect(p.sizeFactor).toBe(1);
    mark(p, MIN + MIN / 2, 200.001); // dd 10.0001%
    expect(p.sizeFactor).toBe(0.5);
    const first = mark(p, 2 * MIN, 250); // dd 15%: block starts at T = 3 min
    expect(p.blockedUntil).toBe(3 * MIN + 1440 * MIN);
    expect(p.tradingState).toBe('REDUCING');
    expect(first.ofType('TradingStateChanged')[0]).toMatchObject({ from: 'ACTIVE', to: 'REDUCING', blockedUntil: 3 * MIN + 1440 * MIN });
    mark(p, 3 * MIN, 240); // back under 15% (dd 14%): the latch reopens
    expect(p.blockLatchOpen).toBe(true);
    mark(p, 4 * MIN, 260); // crosses 15% again while the block runs: spent, no extension
    expect(p.blockedUntil).toBe(3 * MIN + 1440 * MIN);
    expect(p.blockLatchOpen).toBe(false);
    // After the block ends the state is ACTIVE again (size still halved); a new crossing needs the latch open.
    mark(p, 1440 * MIN + 2 * MIN, 260); // T = block end exactly: not blocked any more, latch still closed
    expect(p.tradingState).toBe('ACTIVE');
    expect(p.sizeFactor).toBe(0.5);
    mark(p, 1440 * MIN + 3 * MIN, 200); // dd just under 10%: latch reopens
    mark(p, 1440 * MIN + 4 * MIN, 255); // crosses 15% with no block running: a new block
    expect(p.blockedUntil).toBe(1440 * MIN + 5 * MIN + 1440 * MIN);
  });

  it('halts at 20% and closes every open position at its own last close, in symbol order, as EMERGENCY', () => {
    const p = initialPortfolio(config({ initialBalance: 1000 }));
    const cc = config({ initialBalance: 1000, risk: { dailyLossLimit: 0.99 } });
    p.positions[0] = position({ symbol: 'BTCUSDT', symbolIndex: 0, entryPrice: 100, qty: 1, entryT: -5 * MIN });
    p.positions[2] = position({ symbol: 'SOLUSDT', symbolIndex: 2, entryPrice: 10, qty: 10, entryT: -500 * MIN });
    p.openCount = 2;
    const r = recorder();
    // ts 0: BTC, ETH, SOL candles. SOL's close of ts = -1 min (its previous) is 10.
    markPortfolio(p, candle(2, -MIN, 10), cc, r.emit);
    markPortfolio(p, candle(0, 0, 301), cc, r.emit); // equity 1000 - 201 = 799: dd 20.1% -> HALTED
    expect(p.halted).toBe(true);
    const closed = r.ofType('PositionClosed');
    expect(closed.map((e) => [e.symbol, e.reason, e.exitPrice, e.T])).toEqual([
      ['BTCUSDT', 'EMERGENCY', 301, MIN],
      ['SOLUSDT', 'EMERGENCY', 10, MIN], // its candle of ts 0 comes later: its previous close
    ]);
    expect(p.openCount).toBe(0);
    expect(r.ofType('TradingStateChanged').at(-1)).toMatchObject({ to: 'HALTED' });
    // The BTC emergency close held 6 min: a quick exit, so the cooldown rules see it as a closed trade.
    expect(r.ofType('CooldownStarted').map((e) => [e.symbol, e.rule])).toEqual([['BTCUSDT', 'QUICK_EXIT']]);
  });
});

describe('entry', () => {
  const signal = (T: number, crossT = T - 5 * MIN): EntrySignalled => ({ type: 'EntrySignalled', symbol: 'BTCUSDT', T, crossT, armedUntil: crossT + 15 * MIN, close: 50_000, emaFast: 50_100, emaSlow: 50_200 });

  it('books a short with the balance before its fee, the fee from the fill, and levels from E', () => {
    const p = initialPortfolio(cfg);
    const r = recorder();
    const c = candle(0, 0, 50_000);
    applyEntry(p, c, signal(c.T), cfg, r.emit);
    // margin 0.07 * 10,000 = 700, notional 7,000, 7,000 / 50,000 = 0.14 BTC = 140 steps of 0.001
    const q = 140 * 0.001;
    const fee = 0.00055 * 50_000 * q;
    expect(r.ofType('PositionOpened')).toEqual([
      { type: 'PositionOpened', symbol: 'BTCUSDT', T: c.T, crossT: c.T - 5 * MIN, entryPrice: 50_000, qty: q, entryFee: fee, takeProfit: 50_000 * (1 - 0.06), stopLoss: 50_000 * (1 + 0.015), sizeFactor: 1 },
    ]);
    expect(p.balance).toBe(10_000 - fee);
  });

  it('uses each cross once', () => {
    const p = initialPortfolio(cfg);
    const r = recorder();
    applyEntry(p, candle(0, 0, 50_000), signal(MIN, 0), cfg, r.emit);
    p.positions[0] = null;
    p.openCount = 0;
    applyEntry(p, candle(0, MIN, 50_000), signal(2 * MIN, 0), cfg, r.emit);
    expect(r.ofType('PositionOpened')).toHaveLength(1);
  });

  it.each`
    setup                                                            | reason
    ${(p: Portfolio) => { p.halted = true; }}                         | ${'HALTED'}
    ${(p: Portfolio) => { p.blockedUntil = MIN + 1; }}                | ${'REDUCING'}
    ${(p: Portfolio) => { p.dailyLocked = true; }}                    | ${'DAILY_LOSS_LOCK'}
    ${(p: Portfolio) => { p.pausedAll = true; }}                      | ${'PAUSED'}
    ${(p: Portfolio) => { p.pausedSymbols[0] = true; }}               | ${'PAUSED'}
    ${(p: Portfolio) => { p.cooldowns[0]!.cooldownUntil = MIN + 1; }} | ${'COOLDOWN'}
    ${(p: Portfolio) => { p.balance = 0.5; }}                         | ${'QTY_BELOW_MIN'}
    ${(p: Portfolio) => { p.positions[1] = position({ symbol: 'ETHUSDT', symbolIndex: 1, entryPrice: 1000, qty: 14.01 }); p.openCount = 1; }} | ${'EXPOSURE_CAP'}
  `('rejects with $reason and books nothing', ({ setup, reason }) => {
    const p = initialPortfolio(cfg);
    setup(p);
    const r = recorder();
    const c = candle(0, 0, 50_000);
    applyEntry(p, c, signal(c.T), cfg, r.emit);
    expect(r.events).toEqual([{ type: 'EntryRejected', symbol: 'BTCUSDT', T: c.T, crossT: c.T - 5 * MIN, reason }]);
    expect(p.positions[0]).toBeNull();
  });

  it('allows an entry when the cooldown or the block ends exactly at T', () => {
    const p = initialPortfolio(cfg);
    p.cooldowns[0]!.cooldownUntil = MIN;
    p.blockedUntil = MIN;
    expect(entryBlocker(p, 0, MIN)).toBeNull();
  });

  it('allows exposure exactly at the cap', () => {
    const p = initialPortfolio(cfg);
    // BTC at 50,000 sizes to 0.14 = 7,000 notional; an ETH short of 14 units at 1,000 leaves 21,000 = 2.1 * 10,000 exactly
    p.positions[1] = position({ symbol: 'ETHUSDT', symbolIndex: 1, entryPrice: 1000, qty: 14 });
    p.openCount = 1;
    const r = recorder();
    const c = candle(0, 0, 50_000);
    applyEntry(p, c, signal(c.T), cfg, r.emit);
    expect(r.ofType('PositionOpened')).toHaveLength(1);
  });
});
