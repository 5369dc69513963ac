import { correlationMatrix } from './correlation';

const minutes = (n: number) => Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 60_000);

describe('correlationMatrix', () => {
  const ts = minutes(40);
  const a = ts.map((_, i) => 100 * Math.exp(0.01 * Math.sin(i)));
  it('is 1 with itself and with a scaled copy, -1 with the inverse returns, null when flat', () => {
    const scaled = a.map((x) => x * 3);
    const inverse = a.map((x) => 10_000 / x);
    const flat = ts.map(() => 5);
    const m = correlationMatrix([
      { symbol: 'A', ts, close: a },
      { symbol: 'B', ts, close: scaled },
      { symbol: 'C', ts, close: inverse },
      { symbol: 'D', ts, close: flat },
    ]);
    expect(m.symbols).toEqual(['A', 'B', 'C', 'D']);
    expect(m.matrix[0]![0]).toBeCloseTo(1, 12);
    expect(m.matrix[0]![1]).toBeCloseTo(1, 12);
    expect(m.matrix[0]![2]).toBeCloseTo(-1, 12);
    expect(m.matrix[0]![3]).toBeNull();
    expect(m.pairs[0]![1]).toBe(39);
  });

  it('pairs returns by minute and skips gaps, refusing too few pairs', () => {
    const gapped = { symbol: 'G', ts: [...ts.slice(0, 5), ...ts.slice(30)], close: [...a.slice(0, 5), ...a.slice(30)] };
    const m = correlationMatrix([{ symbol: 'A', ts, close: a }, gapped]);
    // 4 returns before the gap and 9 after it; the return across the gap is not a 1-minute return.
    expect(m.pairs[0]![1]).toBe(13);
    expect(m.matrix[0]![1]).toBeCloseTo(1, 12);
    expect(correlationMatrix([{ symbol: 'A', ts, close: a }, gapped], 14).matrix[0]![1]).toBeNull();
  });
});
