import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJsonBody } from './read-body';

export interface DiscordSent {
  readonly webhookId: string;
  readonly content: string;
  readonly flags: number;
  readonly at: number;
  readonly status: number;
}

/** A bulk overwrite of an application's global slash commands, as the fake received it. */
export interface CommandRegistration {
  readonly applicationId: string;
  readonly authorization: string;
  readonly names: string[];
  readonly status: number;
}

export interface FakeDiscord {
  /** The REST base to give discord.js as `rest.api` (`http://127.0.0.1:PORT/api`). */
  readonly api: string;
  readonly sent: DiscordSent[];
  readonly requests: DiscordSent[];
  readonly registrations: CommandRegistration[];
  /** Answers the next webhook POST with 429 and this retry_after (seconds), in the body and headers. */
  rateLimitNext(retryAfterSeconds: number): void;
  close(): Promise<void>;
}

/** A webhook URL in Discord's shape, for the config's validation; the fake accepts only this token. */
export function fakeWebhookUrl(id: string, token: string): string {
  return `https://discord.com/api/webhooks/${id}/${token}`;
}

/**
 * A local Discord REST API for webhooks: POST /api/v10/webhooks/:id/:token answers like Discord,
 * with X-RateLimit-* headers on every answer (a bucket of 5 per 2 s) and a 429 on demand. Content
 * over 2,000 characters is refused with 400 like the real API. With a bot, PUT
 * /api/v10/applications/:id/commands (the slash commands' bulk overwrite) answers for that
 * application and `Authorization: Bot <token>` only.
 */
export async function startFakeDiscord(webhookId: string, webhookToken: string, bot?: { applicationId: string; token: string }): Promise<FakeDiscord> {
  const sent: DiscordSent[] = [];
  const requests: DiscordSent[] = [];
  const registrations: CommandRegistration[] = [];
  let limitNext: number | null = null;
  let nextId = BigInt('1300000000000000000');
  const window: number[] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readJsonBody(req);
      const match = /^\/api\/v10\/webhooks\/(\d+)\/([\w-]+)$/.exec(req.url?.split('?')[0] ?? '');
      const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      const commands = /^\/api\/v10\/applications\/(\d+)\/commands$/.exec(req.url?.split('?')[0] ?? '');
      if (req.method === 'PUT' && commands && bot) {
        const authorization = req.headers.authorization ?? '';
        const list = (body as unknown as unknown[]) ?? [];
        const names = Array.isArray(list) ? list.map((c) => String((c as { name?: unknown }).name)) : [];
        const status = commands[1] !== bot.applicationId ? 404 : authorization !== `Bot ${bot.token}` ? 401 : Array.isArray(list) ? 200 : 400;
        registrations.push({ applicationId: commands[1]!, authorization, names, status });
        if (status === 401) return reply(401, { message: '401: Unauthorized', code: 0 });
        if (status !== 200) return reply(status, { message: 'Unknown Application', code: 10002 });
        return reply(200, (list as Record<string, unknown>[]).map((c, i) => ({ ...c, id: String(BigInt('1400000000000000000') + BigInt(i)), application_id: bot.applicationId, version: '1', type: 1 })));
      }
      if (req.method !== 'POST' || !match) return reply(404, { message: '404: Not Found', code: 0 });
      if (match[1] !== webhookId || match[2] !== webhookToken) return reply(401, { message: 'Invalid Webhook Token', code: 50027 });
      const at = Date.now();
      while (window.length > 0 && window[0]! <= at - 2000) window.shift();
      const record = { webhookId: match[1], content: String(body['content'] ?? ''), flags: Number(body['flags'] ?? 0), at };
      if (limitNext !== null) {
        const retryAfter = limitNext;
        limitNext = null;
        requests.push({ ...record, status: 429 });
        return reply(
          429,
          { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
          { 'retry-after': String(Math.ceil(retryAfter)), 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': String(retryAfter), 'x-ratelimit-bucket': 'fakebucket', 'x-ratelimit-scope': 'user' },
        );
      }
      if (record.content.length > 2000) {
        requests.push({ ...record, status: 400 });
        return reply(400, { message: 'Invalid Form Body', code: 50035 });
      }
      window.push(at);
      requests.push({ ...record, status: 200 });
      sent.push({ ...record, status: 200 });
      const resetAfter = window.length > 0 ? (window[0]! + 2000 - at) / 1000 : 2;
      const id = String(nextId++);
      return reply(
        200,
        { id, type: 0, content: record.content, channel_id: '1200000000000000001', webhook_id: webhookId, flags: record.flags, author: { id: webhookId, username: 'MAST', discriminator: '0000', avatar: null, bot: true }, attachments: [], embeds: [], mentions: [], mention_roles: [], pinned: false, mention_everyone: false, tts: false, timestamp: new Date(at).toISOString(), edited_timestamp: null },
        { 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': String(Math.max(0, 5 - window.length)), 'x-ratelimit-reset-after': resetAfter.toFixed(3), 'x-ratelimit-reset': ((at + resetAfter * 1000) / 1000).toFixed(3), 'x-ratelimit-bucket': 'fakebucket' },
      );
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    api: `http://127.0.0.1:${port}/api`,
    sent,
    requests,
    registrations,
    rateLimitNext(seconds) {
      limitNext = seconds;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
