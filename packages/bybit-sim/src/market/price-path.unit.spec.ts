import { pathLength, pricePath } from './price-path';

describe('pricePath', () => {
  const prices = (c: { open: number; high: number; low: number; close: number }, steps = 1) => pricePath(c, steps, 0.1, 1).map((p) => p.price);

  it.each([
    ['high nearer the open', { open: 100, high: 101, low: 95, close: 97 }, [100, 101, 95, 97]],
    ['low nearer the open', { open: 100, high: 106, low: 99, close: 104 }, [100, 99, 106, 104]],
    ['a tie goes high first (pessimistic for a short)', { open: 100, high: 102, low: 98, close: 100 }, [100, 102, 98, 100]],
    ['a flat candle', { open: 100, high: 100, low: 100, close: 100 }, [100, 100, 100, 100]],
  ])('visits open, nearer extreme, other extreme, close: %s', (_name, candle, expected) => {
    expect(prices(candle)).toEqual(expected);
  });

  it('splits each leg into sub-steps on the tick grid, keeping the corners exact', () => {
    const path = prices({ open: 100, high: 101, low: 95, close: 97 }, 2);
    expect(path).toHaveLength(pathLength(2));
    expect(path).toEqual([100, 100.5, 101, 98, 95, 96, 97]);
  });

  it('spreads the volume so the last point carries all of it', () => {
    const shares = pricePath({ open: 1, high: 2, low: 0.5, close: 1.5 }, 3, 0.1, 1).map((p) => p.volumeShare);
    expect(shares.at(-1)).toBe(1);
    for (let i = 1; i < shares.length; i++) expect(shares[i]!).toBeGreaterThan(shares[i - 1]!);
  });
});

describe('pricePath order', () => {
  it("'high' visits the high first even when the low is nearer the open (stop before target, as the rules assume)", () => {
    const candle = { open: 100, high: 110, low: 99, close: 105 };
    expect(pricePath(candle, 1, 0.1, 1).map((p) => p.price)).toEqual([100, 99, 110, 105]);
    expect(pricePath(candle, 1, 0.1, 1, 'high').map((p) => p.price)).toEqual([100, 110, 99, 105]);
  });
});
