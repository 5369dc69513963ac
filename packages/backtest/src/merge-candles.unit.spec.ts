import fc from 'fast-check';
import type { SymbolCandles } from './candle-csv-parser';
import { mergeCandles } from './merge-candles';

const M = 60_000;

/** Candles whose prices encode (symbol, row) so the merged rows can be traced back. */
function candlesOf(symbol: string, symbolIndex: number, minutes: readonly number[]): SymbolCandles {
  const ts = Float64Array.from(minutes, (m) => m * M);
  const tag = (k: number, row: number): number => symbolIndex * 1e6 + row * 10 + k;
  return {
    symbol,
    length: minutes.length,
    ts,
    open: Float64Array.from(minutes, (_, row) => tag(1, row)),
    high: Float64Array.from(minutes, (_, row) => tag(2, row)),
    low: Float64Array.from(minutes, (_, row) => tag(3, row)),
    close: Float64Array.from(minutes, (_, row) => tag(4, row)),
    volume: Float64Array.from(minutes, (_, row) => tag(5, row)),
  };
}

/** Sorted, distinct minutes (a symbol's file has no duplicates). */
const minutesArb = fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 60 }).map((m) => [...m].sort((a, b) => a - b));

describe('mergeCandles', () => {
  it('orders by ts, then by the index of the symbol in symbols', () => {
    const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
    const merged = mergeCandles(symbols, [candlesOf('BTCUSDT', 0, [1, 2]), candlesOf('ETHUSDT', 1, [0, 2]), candlesOf('SOLUSDT', 2, [1, 2, 3])]);
    expect(merged.symbols).toEqual(symbols);
    expect([...merged.ts].map((t) => t / M)).toEqual([0, 1, 1, 2, 2, 2, 3]);
    expect([...merged.symbolIndex]).toEqual([1, 0, 2, 0, 1, 2, 2]);
    expect(merged.length).toBe(7);
  });

  it('is sorted by (ts, symbol index) and a permutation of its inputs, rows intact (property)', () => {
    fc.assert(
      fc.property(fc.array(minutesArb, { minLength: 1, maxLength: 5 }), (perSymbolMinutes) => {
        const symbols = perSymbolMinutes.map((_, i) => `S${i}USDT`);
        const inputs = perSymbolMinutes.map((minutes, i) => candlesOf(symbols[i] as string, i, minutes));
        const merged = mergeCandles(symbols, inputs);
        const total = perSymbolMinutes.reduce((sum, m) => sum + m.length, 0);
        expect(merged.length).toBe(total);
        for (let row = 1; row < merged.length; row++) {
          const prev = [merged.ts[row - 1] as number, merged.symbolIndex[row - 1] as number];
          const cur = [merged.ts[row] as number, merged.symbolIndex[row] as number];
          expect(cur[0]! > prev[0]! || (cur[0] === prev[0] && cur[1]! > prev[1]!)).toBe(true);
        }
        // Every input row appears exactly once, with all its fields from the same source row.
        const seen = new Set<string>();
        for (let row = 0; row < merged.length; row++) {
          const s = merged.symbolIndex[row] as number;
          const sourceRow = Math.round(((merged.open[row] as number) - s * 1e6 - 1) / 10);
          const source = inputs[s] as SymbolCandles;
          expect(merged.ts[row]).toBe(source.ts[sourceRow]);
          expect(merged.high[row]).toBe(source.high[sourceRow]);
          expect(merged.low[row]).toBe(source.low[sourceRow]);
          expect(merged.close[row]).toBe(source.close[sourceRow]);
          expect(merged.volume[row]).toBe(source.volume[sourceRow]);
          seen.add(`${s}/${sourceRow}`);
        }
        expect(seen.size).toBe(total);
      }),
    );
  });

  it('rejects candle sets that do not match the symbols', () => {
    expect(() => mergeCandles(['BTCUSDT'], [])).toThrow(RangeError);
    expect(() => mergeCandles(['BTCUSDT'], [candlesOf('ETHUSDT', 0, [1])])).toThrow(/expected BTCUSDT/);
  });
});
