import { z } from 'zod';
import { secret } from '@mast/observability';
import { baseConfigShape, strategyOverrideSchema } from '@mast/runtime';
import { kindModesSchema } from './alert-kinds';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (UTC)');

const telegramChatSchema = z.strictObject({
  /** A chat id as Telegram gives it (`123456789`, `-1001234567890`) or `@channelname`. */
  id: z.string().regex(/^(-?\d{1,20}|@\w{5,32})$/, 'must be a numeric chat id or @channelname'),
  type: z.enum(['private', 'group']).default('private'),
  kinds: kindModesSchema.default({}),
});

/**
 * Every setting under MAST_* (or the YAML file in MAST_CONFIG_FILE): MAST_TELEGRAM_TOKEN (or
 * MAST_TELEGRAM_TOKEN_FILE), MAST_TELEGRAM_CHATS as JSON, MAST_TELEGRAM_OPERATORS as user ids,
 * MAST_DISCORD_WEBHOOK_URL, MAST_DISCORD_BOT_TOKEN / _APPLICATION_ID / _PUBLIC_KEY / _OPERATORS for
 * slash commands, MAST_CONTROL_TOKEN and MAST_CONTROL_PORT for the HTTP controls and interactions.
 */
export const notifierConfigSchema = z.strictObject({
  ...baseConfigShape,
  telegram: z
    .strictObject({
      token: secret(z.string().regex(/^\d{3,20}:[\w-]{20,100}$/, 'must be a Bot API token as @BotFather gives it (digits:letters)')).optional(),
      /** The Bot API base; a local Bot API server or, in tests, a fake. */
      apiRoot: z.url().default('https://api.telegram.org'),
      chats: z.array(telegramChatSchema).default([]),
      /** Telegram user ids allowed to run commands; everyone else is refused and audited. */
      operators: z.array(z.string().regex(/^\d{1,20}$/, 'must be a numeric Telegram user id')).default([]),
      /** Answer commands (long polling); off for a send-only bot. */
      commands: z.boolean().default(true),
    })
    .prefault({}),
  discord: z
    .strictObject({
      webhookUrl: secret(z.string().regex(/^https:\/\/(?:ptb\.|canary\.)?discord\.com\/api(?:\/v\d{1,2})?\/webhooks\/\d{17,19}\/[\w-]{60,80}$/, 'must be a Discord webhook URL')).optional(),
      /** The REST base; a test fake's address in tests. */
      api: z.url().default('https://discord.com/api'),
      kinds: kindModesSchema.default({}),
      /** The bot's token (Developer Portal → Bot), for registering the slash commands; with applicationId and publicKey it turns the bot on. */
      botToken: secret(z.string().regex(/^[\w-]{20,100}\.[\w-]{4,20}\.[\w-]{20,100}$/, 'must be a Discord bot token (three dot-separated parts)')).optional(),
      applicationId: z.string().regex(/^\d{17,20}$/, 'must be a Discord application id (a snowflake)').optional(),
      /** Verifies the interactions Discord posts to /discord/interactions (Ed25519, 64 hex digits). */
      publicKey: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be the application public key (64 hex digits)').optional(),
      /** Discord user ids allowed to run slash commands; everyone else is refused and audited. */
      operators: z.array(z.string().regex(/^\d{17,20}$/, 'must be a numeric Discord user id')).default([]),
    })
    .superRefine((discord, ctx) => {
      // Half a bot would silently not answer: name each missing piece instead.
      const given = { botToken: discord.botToken, applicationId: discord.applicationId, publicKey: discord.publicKey };
      if (Object.values(given).every((v) => v === undefined)) return;
      for (const [key, value] of Object.entries(given)) {
        if (value === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'is needed with the other Discord bot settings (botToken, applicationId, publicKey)' });
      }
    })
    .prefault({}),
  /** Non-critical alerts wait this long for repeats of the same key to go out as one. */
  coalesceMs: z.number().int().min(0).max(60_000).default(3_000),
  summaries: z
    .strictObject({
      dailyAt: hhmm.default('00:05'),
      /** 0 = Sunday ... 1 = Monday. */
      weeklyDay: z.number().int().min(0).max(6).default(1),
      weeklyAt: hhmm.default('00:10'),
      enabled: z.boolean().default(true),
    })
    .prefault({}),
  control: z
    .strictObject({
      /** The bearer token of the HTTP control endpoint; without it the endpoint is not served. */
      token: secret(z.string().min(24, 'must be at least 24 characters')).optional(),
      port: z.number().int().min(0).max(65535).default(9470),
      host: z.string().default('127.0.0.1'),
    })
    .prefault({}),
  /** The trading rules' overrides (MAST_STRATEGY), as the other services get them: command symbols are checked against its symbols. */
  strategy: strategyOverrideSchema,
});

export type NotifierConfig = z.output<typeof notifierConfigSchema>;
