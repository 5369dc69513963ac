import fc from 'fast-check';
import { resolveStrategyConfig } from '@mast/contracts';
import type { Candle, CandleColumns } from '../src/candles';
import { runFold } from '../src/fold';
import { candleSet, smallConfig } from './arbitraries';
import { columns } from './kit';
import { loadSample } from './reference/load-sample';
import { referenceBacktest } from './reference/reference-strategy';

/**
 * The optimized core against an independent, deliberately plain implementation written from
 * STRATEGY.md alone (test/reference): the same trades, balance and marked equity, to the bit.
 */

function toCandles(cols: CandleColumns): Candle[] {
  const out: Candle[] = [];
  for (let i = 0; i < cols.length; i++) {
    out.push({ symbol: cols.symbols[cols.symbolIndex[i]!]!, ts: cols.ts[i]!, open: cols.open[i]!, high: cols.high[i]!, low: cols.low[i]!, close: cols.close[i]!, volume: cols.volume[i]! });
  }
  return out;
}

function expectSameRun(cols: CandleColumns, config: ReturnType<typeof resolveStrategyConfig>) {
  const core = runFold(cols, config);
  const reference = referenceBacktest(toCandles(cols), config);
  expect(core.trades).toEqual(reference.trades);
  expect(core.finalBalance).toBe(reference.finalBalance);
  expect(Array.from(core.equity)).toEqual(reference.equity);
  expect(core.maxDrawdown).toBe(reference.maxDrawdown);
  expect(core.openPositions.map((p) => [p.symbol, p.entryTs, p.entryPrice, p.qty])).toEqual(reference.openPositions.map((p) => [p.symbol, p.entryTs, p.entryPrice, p.qty]));
  return core;
}

describe('parity with the reference implementation', () => {
  const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
  let sample: CandleColumns;
  beforeAll(() => {
    const candles = loadSample(symbols);
    sample = columns(symbols, candles);
  });

  it.each([
    ['defaults', {}],
    ['fast EMAs reaching the daily lock, exposure cap, block and halt', { ema: { fast: 5, slow: 13 }, entry: { windowMinutes: 15, maxCrosses24h: 200 } }],
    ['churning with slippage', { ema: { fast: 3, slow: 7 }, entry: { maxCrosses24h: 100000 }, exits: { takeProfit: 0.004, stopLoss: 0.003, maxHoldMinutes: 30 }, slippageBps: 1, regime: { quietBelow: 0.0005 } }],
    ['two symbols, other sizing', { symbols: ['SOLUSDT', 'BTCUSDT'], sizing: { allocation: 0.2, leverage: 5 } }],
  ])('on the whole 51-day sample: %s', (_name, override) => {
    const config = resolveStrategyConfig(override);
    const cols = config.symbols.length === 3 ? sample : columns(config.symbols, loadSample(config.symbols));
    const result = expectSameRun(cols, config);
    expect(result.trades.length).toBeGreaterThan(0);
  });

  it('on random markets and configs', () => {
    fc.assert(
      fc.property(candleSet, smallConfig, (cols, config) => {
        expectSameRun(cols, config);
      }),
      { numRuns: 200 },
    );
  });
});
