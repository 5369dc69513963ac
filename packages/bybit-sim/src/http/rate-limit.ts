/**
 * Per-UID, per-endpoint request limits in one-second windows (BYBIT_V5.md §3.2), reported in
 * the X-Bapi-Limit* headers on every signed answer.
 */
export interface LimitState {
  readonly limit: number;
  readonly remaining: number;
  readonly resetAt: number;
  readonly allowed: boolean;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; used: number }>();

  take(key: string, limit: number, now: number): LimitState {
    const start = Math.floor(now / 1000) * 1000;
    let w = this.windows.get(key);
    if (!w || w.start !== start) {
      w = { start, used: 0 };
      this.windows.set(key, w);
    }
    const allowed = w.used < limit;
    if (allowed) w.used++;
    return { limit, remaining: Math.max(0, limit - w.used), resetAt: start + 1000, allowed };
  }
}

export function limitHeaders(state: LimitState): Record<string, string> {
  return {
    'X-Bapi-Limit': String(state.limit),
    'X-Bapi-Limit-Status': String(state.remaining),
    'X-Bapi-Limit-Reset-Timestamp': String(state.resetAt),
  };
}
