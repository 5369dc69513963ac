/** At most `limit` sends in any `windowMs`. */
export interface RateRule {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Sliding-window limits over the times of past sends (one limiter may carry several rules, e.g.
 * 1 per second and 20 per minute for a Telegram group). Times come from the caller's clock.
 */
export class RateLimiter {
  private readonly sent: number[] = [];
  private readonly horizon: number;

  constructor(readonly rules: readonly RateRule[]) {
    for (const rule of rules) if (!(rule.limit >= 1 && rule.windowMs > 0)) throw new RangeError(`a rate rule needs limit >= 1 and windowMs > 0, was ${JSON.stringify(rule)}`);
    this.horizon = Math.max(0, ...rules.map((r) => r.windowMs));
  }

  /** The earliest time at or after `now` when one more send stays within every rule. */
  nextAllowedAt(now: number): number {
    this.forget(now);
    let at = now;
    for (const rule of this.rules) {
      const inWindow = this.sent.filter((t) => t > now - rule.windowMs);
      if (inWindow.length >= rule.limit) {
        // The send that must leave the window before another may go.
        const blocking = inWindow[inWindow.length - rule.limit]!;
        at = Math.max(at, blocking + rule.windowMs);
      }
    }
    return at;
  }

  /** Records a send; times may arrive out of order (history of several chats sharing one bot limit). */
  record(at: number): void {
    let i = this.sent.length;
    while (i > 0 && this.sent[i - 1]! > at) i--;
    this.sent.splice(i, 0, at);
  }

  private forget(now: number): void {
    while (this.sent.length > 0 && this.sent[0]! <= now - this.horizon) this.sent.shift();
  }
}

/** Telegram (OPS.md): about 1 message a second per chat, 20 a minute in a group, about 30 a second per bot. */
export const TELEGRAM_PRIVATE_CHAT_RULES: readonly RateRule[] = [{ limit: 1, windowMs: 1000 }];
export const TELEGRAM_GROUP_CHAT_RULES: readonly RateRule[] = [
  { limit: 1, windowMs: 1000 },
  { limit: 20, windowMs: 60_000 },
];
export const TELEGRAM_BOT_RULES: readonly RateRule[] = [{ limit: 30, windowMs: 1000 }];
/**
 * Discord's webhook buckets are announced in X-RateLimit-* headers, which discord.js follows;
 * this keeps us under the usual webhook bucket (5 per 2 s, 30 a minute per channel) before it has to.
 */
export const DISCORD_WEBHOOK_RULES: readonly RateRule[] = [
  { limit: 5, windowMs: 2000 },
  { limit: 30, windowMs: 60_000 },
];
