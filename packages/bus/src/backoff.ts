export interface BackoffOptions {
  /** Delay ceiling for the first retry; doubles per attempt. */
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * "Full jitter" exponential backoff: a random delay up to min(max, base * 2^(attempt-1)), so that
 * instances that failed together (a server restart) do not retry together.
 */
export function jitteredDelayMs(attempt: number, { baseMs, maxMs }: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * random());
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
