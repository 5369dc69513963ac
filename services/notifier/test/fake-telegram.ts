import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJsonBody } from './read-body';

/** What the fake Bot API recorded of one sendMessage. */
export interface TelegramSent {
  readonly chatId: string;
  readonly text: string;
  readonly silent: boolean;
  /** When the request arrived, epoch ms. */
  readonly at: number;
  /** The answer it got. */
  readonly status: number;
}

export interface FakeTelegram {
  /** The base URL to give telegraf as `apiRoot`. */
  readonly url: string;
  /** Accepted messages (status 200). */
  readonly sent: TelegramSent[];
  /** Every sendMessage request, refused ones included. */
  readonly requests: TelegramSent[];
  /** Answers the next `count` sendMessage calls with 429 and this retry_after (seconds). */
  rateLimitNext(retryAfterSeconds: number, count?: number): void;
  /** A user types a message (a command) in a chat: it becomes an update for getUpdates. */
  pushMessage(message: { fromId: number; username?: string; chatId: number; chatType?: 'private' | 'group'; text: string }): void;
  close(): Promise<void>;
}

/**
 * A local Telegram Bot API: getMe, deleteWebhook, getUpdates (long polling, held up to 1 s),
 * sendMessage. It refuses a wrong token with 401 like the real one, and can answer 429 on demand.
 */
export async function startFakeTelegram(token: string): Promise<FakeTelegram> {
  const sent: TelegramSent[] = [];
  const requests: TelegramSent[] = [];
  const updates: Record<string, unknown>[] = [];
  let nextUpdateId = 1;
  let nextMessageId = 1;
  let limited: { seconds: number; count: number } | null = null;
  const waiters = new Set<() => void>();

  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    void (async () => {
      const body = await readJsonBody(req);
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url?.split('?')[0] ?? '');
      if (!match) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
      if (match[1] !== token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      switch (match[2]) {
        case 'getMe':
          return reply(200, { ok: true, result: { id: 7000001, is_bot: true, first_name: 'MAST test', username: 'mast_test_bot' } });
        case 'deleteWebhook':
          return reply(200, { ok: true, result: true });
        case 'getUpdates': {
          const offset = Number(body['offset'] ?? 0);
          const pending = () => updates.filter((u) => (u['update_id'] as number) >= offset);
          if (pending().length === 0 && Number(body['timeout'] ?? 0) > 0) {
            await new Promise<void>((resolve) => {
              const done = () => {
                waiters.delete(done);
                clearTimeout(timer);
                resolve();
              };
              const timer = setTimeout(done, 1000);
              waiters.add(done);
              req.once('close', done);
            });
          }
          if (res.destroyed) return;
          return reply(200, { ok: true, result: pending().slice(0, Number(body['limit'] ?? 100)) });
        }
        case 'sendMessage': {
          const at = Date.now();
          const record = { chatId: String(body['chat_id']), text: String(body['text']), silent: body['disable_notification'] === true, at };
          if (limited && limited.count > 0) {
            limited.count--;
            requests.push({ ...record, status: 429 });
            return reply(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${limited.seconds}`, parameters: { retry_after: limited.seconds } });
          }
          if (record.text.length > 4096) {
            requests.push({ ...record, status: 400 });
            return reply(400, { ok: false, error_code: 400, description: 'Bad Request: message is too long' });
          }
          requests.push({ ...record, status: 200 });
          sent.push({ ...record, status: 200 });
          return reply(200, { ok: true, result: { message_id: nextMessageId++, date: Math.floor(at / 1000), chat: { id: Number(body['chat_id']), type: 'private' }, text: record.text } });
        }
        default:
          return reply(404, { ok: false, error_code: 404, description: `Not Found: method ${match[2]}` });
      }
    })().catch((error: unknown) => reply(500, { ok: false, error_code: 500, description: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    requests,
    rateLimitNext(seconds, count = 1) {
      limited = { seconds, count };
    },
    pushMessage({ fromId, username, chatId, chatType = 'private', text }) {
      const command = /^\/\S+/.exec(text)?.[0];
      updates.push({
        update_id: nextUpdateId++,
        message: {
          message_id: nextMessageId++,
          from: { id: fromId, is_bot: false, first_name: 'Test', ...(username ? { username } : {}) },
          chat: { id: chatId, type: chatType },
          date: Math.floor(Date.now() / 1000),
          text,
          ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}),
        },
      });
      for (const wake of [...waiters]) wake();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const wake of [...waiters]) wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
