import type { InstrumentSpec, StrategyConfig } from '@mast/contracts';

/**
 * STRATEGY.md §5 "Size": quantity from the balance before this entry's fee, rounded down to
 * the instrument's step. The `1e-9` keeps an exact multiple (say 0.3 / 0.1 = 2.9999999999999996)
 * from losing a step to float error; `steps * qtyStep` is deliberately not rounded further.
 */
export function entryQuantity(
  balance: number,
  sizeFactor: number,
  sellFill: number,
  instrument: InstrumentSpec,
  sizing: StrategyConfig['sizing'],
): number {
  const margin = sizing.allocation * balance * sizeFactor;
  const notional = margin * sizing.leverage;
  const steps = Math.floor(notional / sellFill / instrument.qtyStep + 1e-9);
  return steps * instrument.qtyStep;
}

/** Sum of open notional at entry prices plus the new one must stay within `maxExposure * balance`. */
export function withinExposureCap(openNotional: number, newNotional: number, balance: number, maxExposure: number): boolean {
  return openNotional + newNotional <= maxExposure * balance;
}
