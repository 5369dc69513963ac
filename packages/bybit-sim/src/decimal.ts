/**
 * Decimal helpers. Bybit sends every number as a string; the simulator keeps doubles and turns
 * them into strings only at the protocol edge, so rounding happens in exactly one place.
 */

/** Decimal places of a step written as a string ("0.010" -> 3, "1" -> 0). */
export function decimalsOf(step: string): number {
  const dot = step.indexOf('.');
  return dot < 0 ? 0 : step.length - dot - 1;
}

/** A number as Bybit writes it: at most `maxDecimals` places, no trailing zeros, "0" for zero. */
export function fmt(value: number, maxDecimals = 8): string {
  if (!Number.isFinite(value)) return '0';
  const fixed = value.toFixed(maxDecimals);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

/** Rounds to the nearest multiple of `step` (prices onto the tick grid). */
export function roundToStep(value: number, step: number, decimals: number): number {
  return Number((Math.round(value / step) * step).toFixed(decimals));
}

/** True when `value` is an integer multiple of `step`, tolerating binary representation noise. */
export function isMultipleOf(value: number, step: number): boolean {
  const units = value / step;
  return Math.abs(units - Math.round(units)) < 1e-9 * Math.max(1, Math.abs(units));
}

/** Parses a decimal string as Bybit accepts it in a body or query; undefined when not a number. */
export function parseDecimal(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string' || raw.trim() === '' || !/^-?\d*\.?\d+(e-?\d+)?$/i.test(raw.trim())) return undefined;
  return Number(raw);
}
