import type { CloseSeries } from '@mast/read-model';

export interface CorrelationMatrix {
  readonly symbols: string[];
  /** Pearson correlation of 1-minute log returns; `null` where fewer than `minPairs` minutes overlap. */
  readonly matrix: (number | null)[][];
  /** Overlapping returns each cell was computed from. */
  readonly pairs: number[][];
}

/** Log returns keyed by the open time of the minute they end at; gaps (a missing minute) give no return. */
function returnsByMinute(series: CloseSeries): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 1; i < series.ts.length; i++) {
    if (series.ts[i]! - series.ts[i - 1]! !== 60_000) continue;
    out.set(series.ts[i]!, Math.log(series.close[i]! / series.close[i - 1]!));
  }
  return out;
}

function pearson(a: readonly number[], b: readonly number[]): number | null {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  // A flat series has no correlation with anything.
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : null;
}

/**
 * The rolling correlation between assets over the window the closes cover: only minutes where
 * both symbols have a return count, so a symbol's missing candle does not shift the other's.
 */
export function correlationMatrix(series: readonly CloseSeries[], minPairs = 10): CorrelationMatrix {
  const returns = series.map(returnsByMinute);
  const symbols = series.map((s) => s.symbol);
  const matrix: (number | null)[][] = [];
  const pairs: number[][] = [];
  for (let i = 0; i < series.length; i++) {
    matrix.push([]);
    pairs.push([]);
    for (let j = 0; j < series.length; j++) {
      const a: number[] = [];
      const b: number[] = [];
      for (const [t, r] of returns[i]!) {
        const other = returns[j]!.get(t);
        if (other !== undefined) {
          a.push(r);
          b.push(other);
        }
      }
      pairs[i]!.push(a.length);
      matrix[i]!.push(a.length >= minPairs ? pearson(a, b) : null);
    }
  }
  return { symbols, matrix, pairs };
}
