/**
 * Jittered exponential backoff ("equal jitter"): the n-th retry waits between half and all of
 * min(maxMs, baseMs·2ⁿ). Half is fixed so retries never collapse to zero and hammer a limit;
 * the other half is random so several clients do not retry in lockstep.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Total attempts, the first one included. */
  readonly maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 8_000, maxAttempts: 5 };

/** `retry` counts from 0 (the wait before the second attempt). `random` returns [0, 1). */
export function backoffDelayMs(retry: number, policy: Pick<BackoffPolicy, 'baseMs' | 'maxMs'>, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, retry));
  const half = ceiling / 2;
  return Math.round(half + half * Math.min(Math.max(random(), 0), 1));
}

export interface RetryDeps {
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/**
 * Runs `attempt` until it succeeds, `shouldRetry` says no, or the attempts are used up; the
 * last error is rethrown unchanged. `onRetry` sees each error that will be retried.
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  policy: BackoffPolicy,
  shouldRetry: (error: unknown) => boolean,
  deps: RetryDeps,
  onRetry?: (error: unknown, retry: number, delayMs: number) => void,
): Promise<T> {
  for (let n = 0; ; n += 1) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n + 1 >= policy.maxAttempts || !shouldRetry(error)) throw error;
      const delay = backoffDelayMs(n, policy, deps.random);
      onRetry?.(error, n, delay);
      await deps.sleep(delay);
    }
  }
}
