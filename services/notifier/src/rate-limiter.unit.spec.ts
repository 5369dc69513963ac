import { RateLimiter, TELEGRAM_GROUP_CHAT_RULES } from './rate-limiter';

describe('RateLimiter', () => {
  it('spaces sends to 1 per second and 20 per minute in a Telegram group', () => {
    const limiter = new RateLimiter(TELEGRAM_GROUP_CHAT_RULES);
    const times: number[] = [];
    let now = 0;
    while (times.length < 45) {
      now = limiter.nextAllowedAt(now);
      limiter.record(now);
      times.push(now);
    }
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
    for (const start of times) expect(times.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(20);
    // The 21st waits for the first to leave the minute.
    expect(times[20]).toBe(60_000);
  });

  it('takes history out of order (several chats sharing a bot limit) and still counts it right', () => {
    const limiter = new RateLimiter([{ limit: 2, windowMs: 1000 }]);
    limiter.record(500);
    limiter.record(100);
    expect(limiter.nextAllowedAt(600)).toBe(1100);
    expect(limiter.nextAllowedAt(1200)).toBe(1200);
    limiter.record(1100);
    expect(limiter.nextAllowedAt(1200)).toBe(1500);
  });

  it('refuses a rule that cannot be met', () => {
    expect(() => new RateLimiter([{ limit: 0, windowMs: 1000 }])).toThrow(RangeError);
  });
});
