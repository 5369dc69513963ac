/**
 * Bybit's per-UID limits are per endpoint, and each response says how many calls are left
 * (`X-Bapi-Limit-Status`) and when the window resets (`X-Bapi-Limit-Reset-Timestamp`). ccxt
 * ignores both and only throttles itself by a fixed cost table; this guard adds the exchange's
 * own view: when an endpoint is nearly exhausted, the next call on it waits for the reset.
 */
export interface RateLimitGuard {
  /** Records the limit headers of a response to `path` (ccxt capitalises header names). */
  observe(path: string, headers: Readonly<Record<string, string | undefined>>): void;
  /** Resolves when a call on `path` may go out. */
  waitTurn(path: string): Promise<void>;
  /** The wait a call on `path` would have now, for tests and metrics. */
  pendingWaitMs(path: string): number;
}

export interface RateLimitGuardOptions {
  /** Wait when the remaining count is at or below this. */
  readonly minRemaining: number;
  /**
   * Upper bound on one wait, so a reset timestamp from a skewed or simulated clock cannot
   * stall the adapter.
   */
  readonly maxWaitMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

interface EndpointLimit {
  readonly remaining: number;
  readonly resetAt: number;
}

function numericHeader(headers: Readonly<Record<string, string | undefined>>, name: string): number | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== lower || value === undefined || value.trim() === '') continue;
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function createRateLimitGuard(options: RateLimitGuardOptions): RateLimitGuard {
  const limits = new Map<string, EndpointLimit>();
  const pendingWaitMs = (path: string): number => {
    const limit = limits.get(path);
    if (limit === undefined || limit.remaining > options.minRemaining) return 0;
    const wait = limit.resetAt - options.now();
    return wait > 0 ? Math.min(wait, options.maxWaitMs) : 0;
  };
  return {
    observe(path, headers) {
      const remaining = numericHeader(headers, 'X-Bapi-Limit-Status');
      const resetAt = numericHeader(headers, 'X-Bapi-Limit-Reset-Timestamp');
      if (remaining === undefined || resetAt === undefined) return;
      limits.set(path, { remaining, resetAt });
    },
    async waitTurn(path) {
      const wait = pendingWaitMs(path);
      if (wait <= 0) return;
      await options.sleep(wait);
      // The window has reset; the next response will tell us the new count.
      limits.delete(path);
    },
    pendingWaitMs,
  };
}
