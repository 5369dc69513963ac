import { generateKeyPairSync } from 'node:crypto';
import { makeEvent } from '@mast/contracts';
import { REDACTED, secretValues } from '@mast/observability';
import { migrate, schemaNameFor } from '@mast/read-model';
import { exampleEvent } from '../../../packages/contracts/test/event-examples';
import { notifierConfigSchema } from '../src/config';
import { formatEvent } from '../src/format-event';
import { GROUP_CHAT, PRIVATE_CHAT, occurrences, startHarness, tradeCloses, waitFor, type Harness } from './notifier-harness';

/** Per-destination modes, coalescing, critical first, summaries on an injected clock, and secrets kept out of the log. */

jest.setTimeout(60_000);

describe('notifier alerts', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('honours on, silent and off per destination and kind', async () => {
    h = await startHarness();
    await h.start();
    const opened = exampleEvent('PositionOpened');
    const cooldown = exampleEvent('CooldownStarted');
    const [closed] = tradeCloses(1);
    await h.publisher.publishMany([opened, cooldown, closed!]);
    const [openText, cooldownText, closeText] = [opened, cooldown, closed!].map((e) => formatEvent(e)!.text);
    await waitFor('private chat and discord got all three', () => {
      const tg = h.telegram.sent.filter((s) => s.chatId === PRIVATE_CHAT).map((s) => s.text).join('\n\n');
      const dc = h.discord.sent.map((s) => s.content).join('\n\n');
      return [openText, cooldownText, closeText].every((t) => tg.includes(t!) && dc.includes(t!));
    });
    await waitFor('the group got entry and exit', () => h.telegram.sent.filter((s) => s.chatId === GROUP_CHAT).length >= 2);
    const group = h.telegram.sent.filter((s) => s.chatId === GROUP_CHAT);
    // entry: silent in the group (its own message, no notification); cooldown: off there.
    expect(group.find((s) => s.text.includes(openText!))?.silent).toBe(true);
    expect(group.find((s) => s.text.includes(closeText!))?.silent).toBe(false);
    expect(group.some((s) => s.text.includes(cooldownText!))).toBe(false);
    expect(h.telegram.sent.filter((s) => s.chatId === PRIVATE_CHAT).every((s) => !s.silent)).toBe(true);
    expect(h.discord.sent.every((s) => s.flags === 0)).toBe(true);
  });

  it('coalesces repeats of a key into one block, and sends a critical alert ahead of waiting ones', async () => {
    h = await startHarness({ config: { coalesceMs: 2_000 } });
    await h.start();
    const first = exampleEvent('MessageDeadLettered');
    const repeats = [0, 1, 2, 3, 4].map((i) => makeEvent('MessageDeadLettered', { ts: first.ts + i, source: 'projection', data: { ...first.data, sequence: 100 + i } }));
    await h.publisher.publishMany([...tradeCloses(1), ...repeats]);
    const halt = makeEvent('TradingStateChanged', { ts: first.ts, source: 'risk', data: { T: first.ts, from: 'ACTIVE', to: 'HALTED', drawdown: 0.2, equity: 8000, blockedUntil: null } });
    await h.publisher.publish(halt);
    const chat = () => h.telegram.sent.filter((s) => s.chatId === PRIVATE_CHAT);
    await waitFor('the coalesced dead letters', () => chat().some((s) => s.text.includes('(×5 since')), 15_000);
    // HALT went out first, on its own, before the coalescing window of the others closed.
    expect(chat()[0]!.text).toBe(formatEvent(halt)!.text);
    const all = chat().map((s) => s.text).join('\n\n');
    expect(occurrences(all, 'Dead letter on LIVE_EXEC')).toBe(1);
    // The block shows the latest of the repeats.
    expect(all).toContain('live.exec.order.BTCUSDT #104');
    const notifier = await h.start();
    await waitFor('outbox drained', async () => (await notifier.store.pending()) === 0);
    const rows = await notifier.store.all(`telegram:${PRIVATE_CHAT}`);
    expect(rows.filter((r) => r.kind === 'dead_letter').every((r) => r.sentAt !== null)).toBe(true);
  });

  it('sends the daily and weekly summaries at their UTC times, once each, across a restart', async () => {
    h = await startHarness({ config: { summaries: { enabled: true, dailyAt: '00:05', weeklyDay: 1, weeklyAt: '00:10' } } });
    await migrate(h.pool, h.ns);
    const table = `"${schemaNameFor(h.ns)}".daily_performance`;
    await h.pool.query(
      `insert into ${table} (day, symbol, trades, wins, pnl, fees, drawdown_max, equity_last) values
        ('2025-05-05', 'BTCUSDT', 2, 1, 55.5, 4.4, null, null),
        ('2025-05-05', '*', 2, 1, 55.5, 4.4, 0.0123, 10055.5),
        ('2025-05-06', 'ETHUSDT', 1, 0, -12.25, 1.5, null, null),
        ('2025-05-06', '*', 1, 0, -12.25, 1.5, 0.02, 10043.25)`,
    );
    let now = Date.UTC(2025, 4, 6, 0, 6);
    const clock = { now: () => now };
    const notifier = await h.start({ clock });
    const summaries = () => h.telegram.sent.filter((s) => s.chatId === PRIVATE_CHAT && s.text.startsWith('🧾'));
    await waitFor('the first summaries', () => summaries().length >= 1);
    await waitFor('both summaries', () => summaries().map((s) => s.text).join('\n').includes('Weekly summary'));
    const text = summaries().map((s) => s.text).join('\n\n');
    expect(text).toContain('🧾 Daily summary 2025-05-05 (UTC)\nBTCUSDT: +55.50 USDT, 2 trades, win rate 50.00%, fees 4.40\nPortfolio: +55.50 USDT, 2 trades, win rate 50.00%, fees 4.40\nmax drawdown 1.23%, equity 10055.50');
    expect(text).toContain('🧾 Weekly summary 2025-04-28 to 2025-05-04 (UTC)\nno trades closed');
    expect(await notifier.runSummaries()).toBe(0);

    // A day later: the next daily; the weekly is not due again.
    now += 86_400_000;
    expect(await notifier.runSummaries()).toBeGreaterThan(0);
    await waitFor('the next daily', () => summaries().some((s) => s.text.includes('Daily summary 2025-05-06')));
    expect(summaries().map((s) => s.text).join('\n')).toContain('ETHUSDT: -12.25 USDT, 1 trades, win rate 0.00%, fees 1.50');

    // A restart at the same time produces nothing new.
    await notifier.stop();
    const again = await h.start({ clock });
    expect(await again.runSummaries()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const counts = (needle: string) => summaries().filter((s) => s.text.includes(needle)).length;
    expect([counts('Daily summary 2025-05-05'), counts('Daily summary 2025-05-06'), counts('Weekly summary')]).toEqual([1, 1, 1]);
  });

  it('serves the HTTP control endpoint when a control token is set', async () => {
    h = await startHarness();
    const token = 'control-token-0123456789abcdef';
    const notifier = await h.start({ config: { control: { token, port: 0 } } });
    const url = `${notifier.controlServer!.url}/v1/controls/halt`;
    const post = (auth: string) => fetch(url, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ issuedBy: 'alice', why: 'exchange incident' }) });
    expect((await post('Bearer nope')).status).toBe(401);
    const res = await post(`Bearer ${token}`);
    expect(res.status).toBe(202);
    const { eventId } = (await res.json()) as { eventId: string };
    // Its own alert (critical) reaches the chat at once.
    await waitFor('the halt alert', () => h.telegram.sent.some((s) => s.chatId === PRIVATE_CHAT && s.text === '🚨 🎛 http:alice asked to HALT trading: exchange incident'));
    expect(eventId).toMatch(/^HaltRequested:/);
    expect(h.log.text()).not.toContain(token);
  });

  it('keeps the bot tokens and the webhook token out of the log when sending fails', async () => {
    h = await startHarness();
    // Telegram at a port nobody listens on (its error names the request URL, token included);
    // Discord answering 404 at a wrong API base, to the webhook and to the slash commands' registration.
    const publicKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
    const discord = { webhookUrl: h.config.discord.webhookUrl, api: `${h.discord.api}x`, botToken: h.secrets.discordBotToken, applicationId: h.secrets.discordApplicationId, publicKey };
    await h.start({ config: { telegram: { ...h.config.telegram, apiRoot: 'http://127.0.0.1:9' }, discord, control: { port: 0 } } });
    // main.ts scrubs what secretValues finds in its config: the bot token is among them.
    expect(secretValues(notifierConfigSchema, notifierConfigSchema.parse({ ns: h.ns, discord }))).toContain(h.secrets.discordBotToken);
    await h.publisher.publishMany(tradeCloses(2));
    await waitFor('failures logged for both', () => occurrences(h.log.text(), 'sending failed') >= 3);
    expect(h.log.text()).toContain('discord slash commands could not be registered');
    // An error that carries the webhook URL at a non-Discord API base (a proxy, this fake): the
    // logger knows the token by value, not only by the shape of a discord.com URL.
    h.logger.error({ err: `POST ${h.discord.api}/v10/webhooks/${h.secrets.webhookId}/${h.secrets.webhookToken} failed` }, 'sending failed (as an HTTP client may say)');
    h.logger.error({ err: `PUT ${h.discord.api}/v10/applications/${h.secrets.discordApplicationId}/commands with Authorization: Bot ${h.secrets.discordBotToken} failed` }, 'registration failed (as an HTTP client may say)');
    const log = h.log.text();
    expect(log).toContain('telegram:');
    expect(log).toMatch(new RegExp(`/bot${h.secrets.telegramToken.split(':')[0]}:\\[(REDACTED|redacted)\\]/sendMessage`));
    expect(log).toContain(`/webhooks/${h.secrets.webhookId}/${REDACTED} failed`);
    expect(log).not.toContain(h.secrets.telegramToken);
    expect(log).not.toContain(h.secrets.webhookToken);
    expect(log).toContain(`Authorization: Bot ${REDACTED} failed`);
    expect(log).not.toContain(h.secrets.discordBotToken);
    expect(log).not.toContain(h.secrets.telegramToken.split(':')[1]);
  });
});
