import { jitteredDelayMs } from './backoff';

describe('jitteredDelayMs', () => {
  const options = { baseMs: 100, maxMs: 1000 };
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1000],
    [30, 1000],
  ])('attempt %i draws up to %i ms', (attempt, ceiling) => {
    expect(jitteredDelayMs(attempt, options, () => 0.999999)).toBe(ceiling);
    expect(jitteredDelayMs(attempt, options, () => 0)).toBe(0);
    expect(jitteredDelayMs(attempt, options, () => 0.5)).toBe(Math.round(ceiling / 2));
  });
});
