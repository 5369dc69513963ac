import type { OpenPosition, Trade } from '@mast/core';
import {
  annualizedReturn,
  calmarRatio,
  computeMetrics,
  coveredFraction,
  dailyReturns,
  perReasonStats,
  sampleStd,
  sharpeRatio,
  sortinoRatio,
  tradeStats,
} from './metrics';

const M = 60_000;
const DAY = 86_400_000;

function trade(symbol: string, entryMin: number, exitMin: number, pnl: number, reason: Trade['reason'] = 'TAKE_PROFIT', fees = 1): Trade {
  return { symbol, entryTs: entryMin * M, entryPrice: 100, exitTs: exitMin * M, exitPrice: 99, qty: 1, reason, fees, pnl };
}

describe('sampleStd, sharpeRatio and sortinoRatio on [0.01, -0.01, 0.02]', () => {
  const returns = [0.01, -0.01, 0.02];
  // mean = 0.02 / 3 = 2/300.
  // deviations from the mean: 1/300, -5/300, 4/300; squares sum to (1 + 25 + 16) / 90000 = 42/90000.
  // sample variance = (42/90000) / (3 - 1) = 21/90000, so std = sqrt(21) / 300 ≈ 0.0152753.
  it('sample std is sqrt(21) / 300', () => {
    expect(sampleStd(returns)).toBeCloseTo(Math.sqrt(21) / 300, 15);
    expect(sampleStd(returns)).toBeCloseTo(0.0152753, 7);
  });

  // Sharpe = mean / std * sqrt(365) = (2/300) / (sqrt(21)/300) * sqrt(365) = 2 * sqrt(365 / 21) ≈ 8.33809.
  it('Sharpe is 2 * sqrt(365 / 21)', () => {
    expect(sharpeRatio(returns)).toBeCloseTo(2 * Math.sqrt(365 / 21), 12);
    expect(sharpeRatio(returns)).toBeCloseTo(8.33809, 5);
  });

  // Downside deviation = sqrt(min(r,0)^2 summed / n) = sqrt(0.0001 / 3) = 0.01 / sqrt(3).
  // Sortino = (2/300) / (0.01/sqrt(3)) * sqrt(365) = 2 / sqrt(3) * sqrt(365) = 2 * sqrt(365/3) ≈ 22.0605.
  it('Sortino is 2 * sqrt(365 / 3)', () => {
    expect(sortinoRatio(returns)).toBeCloseTo(2 * Math.sqrt(365 / 3), 12);
    expect(sortinoRatio(returns)).toBeCloseTo(22.0605, 4);
  });

  it('is null where undefined: one return, no spread, no losing day', () => {
    expect(sampleStd([0.01])).toBeNull();
    expect(sharpeRatio([0.01])).toBeNull();
    expect(sharpeRatio([0.01, 0.01])).toBeNull();
    expect(sortinoRatio([0.01, 0.02])).toBeNull();
    expect(sortinoRatio([-0.01])).toBeNull();
  });
});

describe('dailyReturns', () => {
  it('takes the last equity of each UTC day against the previous day with candles, the first against the initial balance', () => {
    // day 0: 10050 then 10100 (last) -> 10100 / 10000 - 1 = 0.01
    // day 1: 9000 then 9999 (last)  -> 9999 / 10100 - 1 = -0.01
    // day 2: no candles              -> no return
    // day 3: 10198.98 (last)         -> 10198.98 / 9999 - 1 = 0.02
    const ts = [0, 5 * M, DAY + M, DAY + 2 * M, 3 * DAY];
    const equity = [10050, 10100, 9000, 9999, 10198.98];
    const returns = dailyReturns(ts, equity, 10_000);
    expect(returns).toHaveLength(3);
    expect(returns[0]).toBeCloseTo(0.01, 12);
    expect(returns[1]).toBeCloseTo(-0.01, 12);
    expect(returns[2]).toBeCloseTo(0.02, 12);
  });

  it('groups several symbols of one minute into their day', () => {
    const ts = [DAY - M, DAY - M, DAY, DAY];
    expect(dailyReturns(ts, [10_000, 11_000, 11_000, 9_900], 10_000)).toEqual([11_000 / 10_000 - 1, 9_900 / 11_000 - 1]);
  });
});

describe('annualizedReturn and calmarRatio', () => {
  it('compounds over the span: +10% in 365 days is 10% a year, +21% in 730 days too', () => {
    expect(annualizedReturn(10_000, 11_000, 365)).toBeCloseTo(0.1, 12);
    expect(annualizedReturn(10_000, 12_100, 730)).toBeCloseTo(0.1, 12);
    // -19% over half a year: 0.81^2 - 1 = -0.3439
    expect(annualizedReturn(10_000, 8_100, 182.5)).toBeCloseTo(-0.3439, 12);
    expect(annualizedReturn(10_000, 11_000, 0)).toBeNull();
  });

  it('Calmar is annual return over max drawdown, null without drawdown', () => {
    expect(calmarRatio(0.1, 0.05)).toBeCloseTo(2, 12);
    expect(calmarRatio(-0.3439, 0.2)).toBeCloseTo(-1.7195, 12);
    expect(calmarRatio(0.1, 0)).toBeNull();
    expect(calmarRatio(null, 0.1)).toBeNull();
  });
});

describe('coveredFraction', () => {
  it('counts overlapping intervals once and clips to the span', () => {
    // [0,10) ∪ [5,15) ∪ [20,30) = 15 + 10 = 25 of 40
    expect(coveredFraction([[20, 30], [0, 10], [5, 15]], 0, 40)).toBe(25 / 40);
    // [-5, 3) clipped to [0, 10): 3 of 10; [12, 20) is outside
    expect(coveredFraction([[-5, 3], [12, 20]], 0, 10)).toBe(0.3);
    // nested and touching intervals
    expect(coveredFraction([[0, 10], [2, 4], [10, 12]], 0, 20)).toBe(12 / 20);
    expect(coveredFraction([], 0, 10)).toBe(0);
  });
});

describe('tradeStats', () => {
  it('sums, counts and averages by hand', () => {
    const trades = [trade('BTCUSDT', 0, 60, 30, 'TAKE_PROFIT', 2), trade('BTCUSDT', 60, 180, -10), trade('ETHUSDT', 0, 30, -20), trade('ETHUSDT', 30, 60, 0)];
    const stats = tradeStats(trades);
    expect(stats.trades).toBe(4);
    expect(stats.wins).toBe(1);
    expect(stats.losses).toBe(2); // a zero P&L trade is neither
    expect(stats.winRate).toBe(0.25);
    expect(stats.netPnl).toBe(0); // 30 - 10 - 20 + 0
    expect(stats.fees).toBe(5); // 2 + 1 + 1 + 1
    expect(stats.grossProfit).toBe(30);
    expect(stats.grossLoss).toBe(30);
    expect(stats.profitFactor).toBe(1);
    expect(stats.expectancy).toBe(0);
    expect(stats.avgHoldMinutes).toBe(60); // (60 + 120 + 30 + 30) / 4
  });

  it('has nulls for an empty list and no profit factor without a loss', () => {
    const empty = tradeStats([]);
    expect([empty.winRate, empty.profitFactor, empty.expectancy, empty.avgHoldMinutes]).toEqual([null, null, null, null]);
    expect(tradeStats([trade('BTCUSDT', 0, 1, 5)]).profitFactor).toBeNull();
  });
});

describe('perReasonStats', () => {
  it('lists reasons in a fixed order with counts, wins and net P&L', () => {
    const stats = perReasonStats([trade('A', 0, 1, -5, 'STOP_LOSS'), trade('A', 1, 2, 8, 'TAKE_PROFIT'), trade('A', 2, 3, -3, 'STOP_LOSS'), trade('A', 3, 4, 2, 'TIME_LIMIT')]);
    expect(stats).toEqual([
      { reason: 'TAKE_PROFIT', count: 1, wins: 1, netPnl: 8 },
      { reason: 'STOP_LOSS', count: 2, wins: 0, netPnl: -8 },
      { reason: 'TIME_LIMIT', count: 1, wins: 1, netPnl: 2 },
    ]);
  });
});

describe('computeMetrics', () => {
  // 10 candles of one symbol, open times 0..9 min: the span is [0, 10 min).
  const ts = Float64Array.from({ length: 10 }, (_, i) => i * M);
  const equity = Float64Array.from([10_000, 10_000, 10_000, 10_010, 10_020, 10_030, 10_030, 10_030, 10_030, 10_025]);
  const open: OpenPosition = { symbol: 'BTCUSDT', entryTs: 8 * M, entryPrice: 100, qty: 1, entryFee: 1, lastClose: 104, unrealizedPnl: -4 };
  const metrics = computeMetrics({
    symbols: ['BTCUSDT', 'ETHUSDT'],
    trades: [trade('BTCUSDT', 2, 5, 30)],
    openPositions: [open],
    initialBalance: 10_000,
    finalBalance: 10_029,
    maxDrawdown: 0.0005,
    ts,
    equity,
  });

  it('takes balances, equity and span from its inputs', () => {
    expect(metrics.finalBalance).toBe(10_029);
    expect(metrics.finalEquity).toBe(10_025);
    expect(metrics.netPnl).toBe(30);
    expect(metrics.netPnlPct).toBe(0.003);
    expect(metrics.spanStart).toBe(0);
    expect(metrics.spanEnd).toBe(10 * M);
    expect(metrics.openPositionCount).toBe(1);
    expect(metrics.unrealizedPnl).toBe(-4);
  });

  it('exposure counts the trade (2..5 min) and the open position (8..10 min): 5 of 10 minutes', () => {
    expect(metrics.exposure).toBe(0.5);
  });

  it('has one daily return (all on day 0): 10025 / 10000 - 1, so no Sharpe', () => {
    expect(metrics.tradingDays).toBe(1);
    expect(metrics.sharpe).toBeNull();
    // Annualised from final equity 10025 over a 10-minute span (10/1440 days), Calmar over 0.0005.
    expect(metrics.annualizedReturn).toBe(annualizedReturn(10_000, 10_025, 10 / 1440));
    expect(metrics.calmar).toBe(calmarRatio(metrics.annualizedReturn, 0.0005));
  });

  it('lists every configured symbol, with or without trades', () => {
    expect(metrics.perSymbol.map((s) => [s.symbol, s.trades, s.netPnl])).toEqual([
      ['BTCUSDT', 1, 30],
      ['ETHUSDT', 0, 0],
    ]);
  });
});
