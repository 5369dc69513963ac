import { formatEvent } from '../src/format-event';
import { GROUP_CHAT, PRIVATE_CHAT, maxInWindow, occurrences, startHarness, tradeCloses, waitFor, type Harness } from './notifier-harness';

/**
 * The outbox against the fake Bot API and Discord API: everything delivered once, within the
 * limits of OPS.md, through a 429 and through a restart.
 */

jest.setTimeout(90_000);

const textsOf = (events: ReturnType<typeof tradeCloses>) => events.map((e) => formatEvent(e)!.text);

function expectEachOnce(messages: readonly string[], texts: readonly string[]): void {
  const all = messages.join('\n\n');
  const counts = texts.map((t) => occurrences(all, t));
  expect(counts.filter((c) => c === 0)).toHaveLength(0);
  expect(counts.filter((c) => c > 1)).toHaveLength(0);
}

function telegramTimes(h: Harness, chat: string): number[] {
  return h.telegram.requests.filter((r) => r.chatId === chat).map((r) => r.at);
}

describe('notifier delivery', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('delivers a burst of 200 events to every destination within the limits, each exactly once', async () => {
    h = await startHarness();
    await h.start();
    const events = tradeCloses(200);
    await h.publisher.publishMany(events);
    const texts = textsOf(events);
    const chatMessages = (chat: string) => h.telegram.sent.filter((s) => s.chatId === chat).map((s) => s.text);
    await waitFor('every alert at every destination', () => {
      const done = (messages: string[]) => texts.every((t) => messages.join('\n\n').includes(t));
      return done(chatMessages(PRIVATE_CHAT)) && done(chatMessages(GROUP_CHAT)) && done(h.discord.sent.map((s) => s.content));
    }, 60_000);

    expectEachOnce(chatMessages(PRIVATE_CHAT), texts);
    expectEachOnce(chatMessages(GROUP_CHAT), texts);
    expectEachOnce(h.discord.sent.map((s) => s.content), texts);
    // Packed, not one message per alert: within the length limits, and no request refused.
    expect(h.telegram.requests.every((r) => r.status === 200 && r.text.length <= 4096)).toBe(true);
    expect(h.discord.requests.every((r) => r.status === 200 && r.content.length <= 2000)).toBe(true);
    expect(chatMessages(PRIVATE_CHAT).length).toBeLessThan(20);
    // Telegram: 1 per second per chat, 20 per minute in a group, 30 per second for the bot.
    for (const chat of [PRIVATE_CHAT, GROUP_CHAT]) expect(maxInWindow(telegramTimes(h, chat), 1000)).toBe(1);
    expect(maxInWindow(telegramTimes(h, GROUP_CHAT), 60_000)).toBeLessThanOrEqual(20);
    expect(maxInWindow(h.telegram.requests.map((r) => r.at), 1000)).toBeLessThanOrEqual(30);
    // Discord: within the bucket its headers announce (5 per 2 s).
    expect(maxInWindow(h.discord.requests.map((r) => r.at), 2000)).toBeLessThanOrEqual(5);
    // The outbox agrees: nothing left unsent.
    const notifier = await h.start();
    expect(await notifier.store.pending()).toBe(0);
  });

  it('waits out a 429 retry_after from Telegram and from Discord, and still delivers once', async () => {
    h = await startHarness();
    h.telegram.rateLimitNext(2, 1);
    h.discord.rateLimitNext(1.5);
    await h.start();
    const events = tradeCloses(3);
    await h.publisher.publishMany(events);
    const texts = textsOf(events);
    await waitFor('delivery after the 429s', () => {
      const tg = h.telegram.sent.map((s) => s.text).join('\n\n');
      const dc = h.discord.sent.map((s) => s.content).join('\n\n');
      return texts.every((t) => occurrences(tg, t) === 2 && dc.includes(t));
    });

    const refused = h.telegram.requests.find((r) => r.status === 429)!;
    const retried = h.telegram.requests.find((r) => r.chatId === refused.chatId && r.at > refused.at)!;
    expect(retried.at - refused.at).toBeGreaterThanOrEqual(2000);
    // The other chat was not held up by this chat's 429.
    const other = h.telegram.sent.find((s) => s.chatId !== refused.chatId)!;
    expect(other.at).toBeLessThan(refused.at + 2000);

    const [first, second] = h.discord.requests;
    expect(first!.status).toBe(429);
    expect(second!.status).toBe(200);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1500);
    expectEachOnce(h.discord.sent.map((s) => s.content), texts);
    expect(h.log.text()).toContain('rate limited by the API');
  });

  it('loses nothing and sends nothing twice across a restart in the middle of a burst', async () => {
    h = await startHarness();
    const first = await h.start();
    const events = tradeCloses(200, 1000);
    await h.publisher.publishMany(events);
    await waitFor('the first messages', () => h.telegram.sent.filter((s) => s.chatId === PRIVATE_CHAT).length >= 2);
    await first.stop();
    const pendingAtStop = await first.store.pending();
    // Stopped in the middle: some delivered, some still in the outbox (or not yet consumed).
    const texts = textsOf(events);
    const deliveredAtStop = texts.filter((t) => h.telegram.sent.filter((s) => s.chatId === PRIVATE_CHAT).some((s) => s.text.includes(t))).length;
    expect(deliveredAtStop).toBeGreaterThan(0);
    expect(deliveredAtStop).toBeLessThan(200);
    expect(pendingAtStop).toBeGreaterThan(0);

    await h.start();
    const chatMessages = (chat: string) => h.telegram.sent.filter((s) => s.chatId === chat).map((s) => s.text);
    await waitFor('the rest after the restart', () => {
      const done = (messages: string[]) => texts.every((t) => messages.join('\n\n').includes(t));
      return done(chatMessages(PRIVATE_CHAT)) && done(chatMessages(GROUP_CHAT)) && done(h.discord.sent.map((s) => s.content));
    }, 60_000);
    expectEachOnce(chatMessages(PRIVATE_CHAT), texts);
    expectEachOnce(chatMessages(GROUP_CHAT), texts);
    expectEachOnce(h.discord.sent.map((s) => s.content), texts);
    for (const chat of [PRIVATE_CHAT, GROUP_CHAT]) expect(maxInWindow(telegramTimes(h, chat), 1000)).toBe(1);
  });
});
