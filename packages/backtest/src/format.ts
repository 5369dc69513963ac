/** Number and time formatting shared by the HTML report and the console table. */

const formatters = new Map<string, Intl.NumberFormat>();
function formatter(minDigits: number, maxDigits: number): Intl.NumberFormat {
  const key = `${minDigits}/${maxDigits}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: minDigits, maximumFractionDigits: maxDigits });
    formatters.set(key, f);
  }
  return f;
}

export const MISSING = '–';

/** Thousands separators, at most `decimals` decimals (trailing zeros dropped). */
export function formatNumber(value: number | null, decimals = 0): string {
  if (value === null || !Number.isFinite(value)) return MISSING;
  return formatter(0, decimals).format(value);
}

/** A USDT amount with exactly `decimals` decimals. */
export function formatMoney(value: number | null, decimals = 2): string {
  if (value === null || !Number.isFinite(value)) return MISSING;
  return formatter(decimals, decimals).format(value);
}

/** A USDT amount with its sign always shown (+12.30, −4.10). */
export function formatSignedMoney(value: number | null, decimals = 2): string {
  if (value === null || !Number.isFinite(value)) return MISSING;
  const text = formatter(decimals, decimals).format(Math.abs(value));
  if (text === formatter(decimals, decimals).format(0)) return text;
  return `${value < 0 ? '−' : '+'}${text}`;
}

/** A fraction as a percentage: 0.1234 -> "12.34%". */
export function formatPct(value: number | null, signed = false, decimals = 2): string {
  if (value === null || !Number.isFinite(value)) return MISSING;
  const text = `${formatter(decimals, decimals).format(Math.abs(value) * 100)}%`;
  if (value < 0 && text !== `${formatter(decimals, decimals).format(0)}%`) return `−${text}`;
  return signed && value > 0 ? `+${text}` : text;
}

export function formatRatio(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return MISSING;
  return value < 0 ? `−${formatter(2, 2).format(-value)}` : formatter(2, 2).format(value);
}

/** Minutes as "45m", "3h 20m" or "2d 4h". */
export function formatDuration(minutes: number | null): string {
  if (minutes === null || !Number.isFinite(minutes)) return MISSING;
  const m = Math.round(minutes);
  if (m < 60) return `${m}m`;
  if (m < 1440) return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(m / 1440)}d ${Math.floor((m % 1440) / 60)}h`;
}

/** Epoch ms or ISO string as "2025-05-10 12:34" (UTC). */
export function formatTime(time: number | string): string {
  const iso = typeof time === 'number' ? new Date(time).toISOString() : time;
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
