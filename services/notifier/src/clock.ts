/** Wall time, injectable: tests drive summaries and coalescing windows without waiting. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
