import type { KindModes } from './alert-kinds';
import type { RateLimiter } from './rate-limiter';

/** One place alerts go to: a Telegram chat, a Discord webhook. */
export interface Destination {
  /** Stable across restarts: the outbox rows are keyed by it (`telegram:-100123`, `discord:webhook`). */
  readonly id: string;
  /** Longest text one message may carry. */
  readonly textLimit: number;
  readonly modes: KindModes;
  /** This destination's own limits, and those shared with others of the same API (one bot, many chats). */
  readonly limiters: readonly RateLimiter[];
  /** Sends one message; resolves with the API's message id. Throws RetryAfterError on a 429. */
  send(text: string, options: { readonly silent: boolean }): Promise<string | null>;
  close?(): Promise<void> | void;
}

/** The API said "too many requests, try again after this long". */
export class RetryAfterError extends Error {
  override readonly name = 'RetryAfterError';
  constructor(
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(`rate limited: retry after ${retryAfterMs} ms`, options);
  }
}

export function isRetryAfterError(error: unknown): error is RetryAfterError {
  return error instanceof RetryAfterError;
}
