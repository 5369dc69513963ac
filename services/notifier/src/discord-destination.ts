import { MessageFlags, WebhookClient } from 'discord.js';
import type { KindModes } from './alert-kinds';
import type { Destination } from './destination';
import { DISCORD_CONTENT_LIMIT } from './pack-messages';
import { DISCORD_WEBHOOK_RULES, RateLimiter } from './rate-limiter';

export interface DiscordWebhookOptions {
  /** `https://discord.com/api/webhooks/<id>/<token>`: the token part is a secret. */
  readonly url: string;
  /** REST base, `https://discord.com/api` by default; a test fake's address in tests. */
  readonly api: string;
  readonly modes: KindModes;
}

/** The token part of a webhook URL, which the logger must scrub wherever it appears. */
export function webhookToken(url: string): string | null {
  return /\/webhooks\/\d+\/([\w-]+)/.exec(url)?.[1] ?? null;
}

/**
 * A Discord webhook as a destination. discord.js' REST client follows the X-RateLimit-* headers
 * and waits out a 429's retry_after itself; our limiter keeps us under the usual bucket first.
 * Its own retries are off: a resent POST after a timeout could post twice, and the outbox retries.
 */
export function discordDestination(options: DiscordWebhookOptions): Destination {
  const client = new WebhookClient({ url: options.url }, { rest: { api: options.api, retries: 0, timeout: 15_000 } });
  return {
    id: 'discord:webhook',
    textLimit: DISCORD_CONTENT_LIMIT,
    modes: options.modes,
    limiters: [new RateLimiter(DISCORD_WEBHOOK_RULES)],
    async send(text, { silent }) {
      const message = await client.send({
        content: text,
        // Alert text never pings anyone, whatever it contains.
        allowedMentions: { parse: [] },
        ...(silent ? { flags: MessageFlags.SuppressNotifications } : {}),
      });
      return message.id;
    },
    close: () => client.destroy(),
  };
}
