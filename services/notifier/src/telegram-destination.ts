import { Telegram, TelegramError } from 'telegraf';
import type { KindModes } from './alert-kinds';
import type { Destination } from './destination';
import { RetryAfterError } from './destination';
import { TELEGRAM_TEXT_LIMIT } from './pack-messages';
import { RateLimiter, TELEGRAM_GROUP_CHAT_RULES, TELEGRAM_PRIVATE_CHAT_RULES } from './rate-limiter';

export interface TelegramChat {
  readonly id: string;
  /** Groups and channels have a per-minute limit on top of the per-second one. */
  readonly type: 'private' | 'group';
  readonly modes: KindModes;
}

/** A Bot API client for a token; `apiRoot` points it at a local Bot API server or a test fake. */
export function createTelegramClient(token: string, apiRoot: string): Telegram {
  return new Telegram(token, { apiRoot });
}

/** A Telegram chat as a destination; `botLimiter` is shared by every chat of the same bot. */
export function telegramDestination(client: Telegram, chat: TelegramChat, botLimiter: RateLimiter): Destination {
  return {
    id: `telegram:${chat.id}`,
    textLimit: TELEGRAM_TEXT_LIMIT,
    modes: chat.modes,
    limiters: [new RateLimiter(chat.type === 'group' ? TELEGRAM_GROUP_CHAT_RULES : TELEGRAM_PRIVATE_CHAT_RULES), botLimiter],
    async send(text, { silent }) {
      try {
        // Plain text: no parse_mode, so no symbol or reason can break the markup.
        const message = await client.sendMessage(chat.id, text, { disable_notification: silent, link_preview_options: { is_disabled: true } });
        return String(message.message_id);
      } catch (error) {
        if (error instanceof TelegramError && error.code === 429) {
          const seconds = Number(error.parameters?.retry_after ?? 1);
          throw new RetryAfterError(Math.max(1, seconds) * 1000, { cause: error });
        }
        throw error;
      }
    },
  };
}
