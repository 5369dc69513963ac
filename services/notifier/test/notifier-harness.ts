import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { connectBus, createPublisher, deleteNamespace, provisionNamespace, silentBusLogger, type Bus, type Publisher } from '@mast/bus';
import { makeEvent, type EventOf } from '@mast/contracts';
import { createLogger, secretValues, type Logger } from '@mast/observability';
import { notifierConfigSchema, type NotifierConfig } from '../src/config';
import { webhookToken } from '../src/discord-destination';
import { startNotifier, type Notifier } from '../src/notifier';
import { dropOutbox } from '../src/outbox-store';
import type { Clock } from '../src/clock';
import { fakeWebhookUrl, startFakeDiscord, type FakeDiscord } from './fake-discord';
import { startFakeTelegram, type FakeTelegram } from './fake-telegram';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const PRIVATE_CHAT = '1001';
export const GROUP_CHAT = '-1002';
export const OPERATOR_ID = 555;

export function testNamespace(): string {
  return `t-${randomBytes(5).toString('hex')}`;
}

/** Secrets of the shape the real services issue, random per run. */
export function testSecrets() {
  return {
    telegramToken: `${100000000 + Math.floor(Math.random() * 800000000)}:AA${randomBytes(24).toString('base64url').slice(0, 33)}`,
    webhookId: `1${Array.from({ length: 17 }, () => Math.floor(Math.random() * 10)).join('')}`,
    webhookToken: randomBytes(51).toString('base64url'),
    discordApplicationId: `1${Array.from({ length: 18 }, () => Math.floor(Math.random() * 10)).join('')}`,
    discordBotToken: `${randomBytes(18).toString('base64url')}.${randomBytes(5).toString('base64url')}.${randomBytes(28).toString('base64url')}`,
  };
}

export interface LogSink {
  readonly lines: string[];
  text(): string;
}

export function logSink(): LogSink & { stream: { write(line: string): void } } {
  const lines: string[] = [];
  return { lines, text: () => lines.join(''), stream: { write: (line: string) => void lines.push(line) } };
}

export interface Harness {
  readonly ns: string;
  readonly bus: Bus;
  readonly publisher: Publisher;
  readonly pool: Pool;
  readonly telegram: FakeTelegram;
  readonly discord: FakeDiscord;
  readonly secrets: ReturnType<typeof testSecrets>;
  readonly log: LogSink;
  /** The notifier's logger, with the config's secrets to scrub. */
  readonly logger: Logger;
  readonly config: NotifierConfig;
  start(overrides?: { clock?: Clock; config?: Partial<Record<string, unknown>> }): Promise<Notifier>;
  close(): Promise<void>;
}

/** A fresh namespace, real NATS and Postgres, the two fake APIs, and a notifier config pointing at them. */
export async function startHarness(options: { config?: Record<string, unknown> } = {}): Promise<Harness> {
  const ns = testNamespace();
  const secrets = testSecrets();
  const bus = await connectBus({ servers: NATS_URL, name: `notifier-test-${ns}`, logger: silentBusLogger, timeoutMs: 3000 });
  await provisionNamespace(bus.jsm, ns);
  const publisher = createPublisher(bus, { ns });
  const pool = new Pool({ connectionString: DATABASE_URL, max: 4 });
  const telegram = await startFakeTelegram(secrets.telegramToken);
  const discord = await startFakeDiscord(secrets.webhookId, secrets.webhookToken, { applicationId: secrets.discordApplicationId, token: secrets.discordBotToken });
  const raw = (extra: Record<string, unknown> = {}) => ({
    ns,
    telegram: {
      token: secrets.telegramToken,
      apiRoot: telegram.url,
      chats: [
        { id: PRIVATE_CHAT, type: 'private' },
        { id: GROUP_CHAT, type: 'group', kinds: { entry: 'silent', cooldown: 'off' } },
      ],
      operators: [String(OPERATOR_ID)],
      commands: false,
    },
    discord: { webhookUrl: fakeWebhookUrl(secrets.webhookId, secrets.webhookToken), api: discord.api },
    coalesceMs: 300,
    summaries: { enabled: false },
    ...options.config,
    ...extra,
  });
  const config = notifierConfigSchema.parse(raw());
  const log = logSink();
  const logger: Logger = createLogger({
    service: 'notifier',
    level: 'info',
    destination: log.stream,
    // The bot token too: the default config has no bot, and tests that turn it on share this logger
    // (main.ts gets it from secretValues of its config; the redaction test checks that it does).
    secrets: [...secretValues(notifierConfigSchema, config), webhookToken(config.discord.webhookUrl ?? '') ?? '', secrets.discordBotToken],
  });
  const running: Notifier[] = [];
  return {
    ns,
    bus,
    publisher,
    pool,
    telegram,
    discord,
    secrets,
    log,
    logger,
    config,
    async start(overrides = {}) {
      const cfg = overrides.config ? notifierConfigSchema.parse(raw(overrides.config)) : config;
      const notifier = await startNotifier({
        config: cfg,
        bus,
        publisher,
        pool,
        logger,
        clock: overrides.clock ?? { now: () => Date.now() },
        symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
        summaryPollMs: 3_600_000,
      });
      running.push(notifier);
      return notifier;
    },
    async close() {
      for (const n of running) await n.stop();
      await telegram.close();
      await discord.close();
      await deleteNamespace(bus.jsm, ns);
      await dropOutbox(pool, ns);
      await pool.query(`drop schema if exists "mast_${ns.replace(/-/g, '_')}" cascade`);
      await pool.end();
      await bus.close();
    },
  };
}

const T0 = Date.UTC(2025, 4, 4, 0, 0);
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] as const;

/** Trade closes at distinct minutes (distinct ids and texts), built through the production schemas. */
export function tradeCloses(count: number, offset = 0): EventOf<'PositionClosed'>[] {
  return Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    const symbol = SYMBOLS[i % 3]!;
    const T = T0 + (i + 1) * 60_000;
    const entryPrice = 100 + i;
    const exitPrice = entryPrice * (i % 2 === 0 ? 0.99 : 1.01);
    const qty = 1 + (i % 5);
    const fees = 0.05;
    return makeEvent('PositionClosed', {
      ts: T,
      source: 'execution',
      data: { symbol, T, reason: i % 2 === 0 ? 'TAKE_PROFIT' : 'STOP_LOSS', entryT: T - 30 * 60_000, entryPrice, exitPrice, qty, entryFee: fees, exitFee: fees, pnl: (entryPrice - exitPrice) * qty - 2 * fees },
    });
  });
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** How many times `needle` occurs in `haystack`. */
export function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** The most sends inside any window of `windowMs` (times sorted ascending). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
