/**
 * The path a price takes inside one candle: open, then the extreme nearer the open, then the
 * other extreme, then close (on a tie, the high first: the pessimistic order for a short). Legs
 * may be split into equal sub-steps so a real-time stream pushes more often than four times a
 * minute. The backtest's exit rule (STRATEGY.md §3) uses the same candle extremes, so a TP/SL
 * hit here is a hit there.
 */

export interface PathPoint {
  /** The price at this point, on the tick grid. */
  readonly price: number;
  /** Share of the candle's volume traded up to and including this point, in (0, 1]. */
  readonly volumeShare: number;
}

export interface PathCandle {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** Number of points of a path whose three legs are split into `stepsPerLeg` parts. */
export function pathLength(stepsPerLeg: number): number {
  return 1 + 3 * stepsPerLeg;
}

export type PathOrder = 'nearest' | 'high';

export function pricePath(candle: PathCandle, stepsPerLeg: number, tickSize: number, priceDecimals: number, order: PathOrder = 'nearest'): PathPoint[] {
  const highFirst = order === 'high' || candle.high - candle.open <= candle.open - candle.low;
  const corners = highFirst
    ? [candle.open, candle.high, candle.low, candle.close]
    : [candle.open, candle.low, candle.high, candle.close];
  const total = pathLength(stepsPerLeg);
  const points: PathPoint[] = [{ price: candle.open, volumeShare: 1 / total }];
  for (let leg = 0; leg < 3; leg++) {
    const from = corners[leg]!;
    const to = corners[leg + 1]!;
    for (let s = 1; s <= stepsPerLeg; s++) {
      const raw = s === stepsPerLeg ? to : from + ((to - from) * s) / stepsPerLeg;
      const price = s === stepsPerLeg ? to : Number((Math.round(raw / tickSize) * tickSize).toFixed(priceDecimals));
      points.push({ price, volumeShare: (points.length + 1) / total });
    }
  }
  return points;
}
