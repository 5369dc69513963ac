/** Number and time formats of the alert texts: fixed, locale-free, so tests can pin them. */

export function formatUsdt(value: number): string {
  const sign = value < 0 ? '-' : value > 0 ? '+' : '';
  return `${sign}${Math.abs(value).toFixed(2)} USDT`;
}

export function formatAmount(value: number): string {
  return value.toFixed(2);
}

const trimZeros = (fixed: string) => fixed.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');

/** Enough digits for any of BTC's to a small coin's prices, without float noise. */
export function formatPrice(value: number): string {
  if (value >= 1000) return trimZeros(value.toFixed(2));
  if (value >= 1) return trimZeros(value.toFixed(4));
  return Number(value.toPrecision(5)).toString();
}

export function formatQty(value: number): string {
  return Number(value.toPrecision(8)).toString();
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(2)}%`;
}

/** `2025-05-04 12:34 UTC` */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}
