import fc from 'fast-check';
import { backoffDelayMs, withRetry } from './backoff';

describe('backoffDelayMs', () => {
  const policy = { baseMs: 100, maxMs: 3_000 };

  it.each([
    // retry, random, expected: half of min(max, base·2^retry) plus random times the other half
    [0, 0, 50],
    [0, 0.999999, 100],
    [1, 0, 100],
    [3, 0.5, 600],
    [5, 0, 1_500],
    [5, 0.999999, 3_000],
    [30, 0.25, 1_875],
  ])('retry %i with random %f waits %i ms', (retry, random, expected) => {
    expect(backoffDelayMs(retry, policy, () => random)).toBe(expected);
  });

  it('stays within [ceiling/2, ceiling] for any retry and any random draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 120_000 }), (retry, r, baseMs, maxMs) => {
        const ceiling = Math.min(maxMs, baseMs * 2 ** retry);
        const d = backoffDelayMs(retry, { baseMs, maxMs }, () => r);
        return d >= Math.floor(ceiling / 2) && d <= Math.ceil(ceiling);
      }),
    );
  });
});

describe('withRetry', () => {
  const deps = (sleeps: number[]) => ({ sleep: async (ms: number) => void sleeps.push(ms), random: () => 0 });

  it('makes at most maxAttempts attempts and rethrows the last error', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const failing = async (): Promise<never> => {
      calls += 1;
      throw new Error(`boom ${calls}`);
    };
    await expect(withRetry(failing, { baseMs: 10, maxMs: 1_000, maxAttempts: 4 }, () => true, deps(sleeps))).rejects.toThrow('boom 4');
    expect(calls).toBe(4);
    expect(sleeps).toEqual([5, 10, 20]);
  });

  it('does not retry what shouldRetry refuses', async () => {
    let calls = 0;
    const failing = async (): Promise<never> => {
      calls += 1;
      throw new Error('fatal');
    };
    await expect(withRetry(failing, { baseMs: 10, maxMs: 1_000, maxAttempts: 5 }, () => false, deps([]))).rejects.toThrow('fatal');
    expect(calls).toBe(1);
  });

  it('returns the first success', async () => {
    let calls = 0;
    const flaky = async (): Promise<string> => {
      calls += 1;
      if (calls < 3) throw new Error('again');
      return 'ok';
    };
    const retried: number[] = [];
    await expect(withRetry(flaky, { baseMs: 10, maxMs: 1_000, maxAttempts: 5 }, () => true, deps([]), (_e, n) => retried.push(n))).resolves.toBe('ok');
    expect(retried).toEqual([0, 1]);
  });
});
