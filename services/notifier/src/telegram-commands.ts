import type { Logger } from '@mast/observability';
import { Telegraf } from 'telegraf';
import type { ChatCommands } from './chat-commands';

export { HELP_TEXT } from './chat-commands';

export interface TelegramCommandsOptions {
  readonly token: string;
  readonly apiRoot: string;
  /** The shared dispatcher, made for the Telegram channel and its operator ids. */
  readonly commands: ChatCommands;
  readonly logger: Logger;
}

export interface TelegramCommands {
  /** Resolves once polling stopped. */
  stop(): Promise<void>;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The bot's commands by long polling: every text starting with `/` goes to the shared chat
 * dispatcher (chat-commands.ts), which authorizes, audits refusals and runs the command.
 */
export async function startTelegramCommands(options: TelegramCommandsOptions): Promise<TelegramCommands> {
  const log = options.logger.child({ component: 'telegram-commands' });
  const bot = new Telegraf(options.token, { telegram: { apiRoot: options.apiRoot }, handlerTimeout: 30_000 });

  bot.on('message', async (ctx) => {
    const text = 'text' in ctx.message ? ctx.message.text : undefined;
    if (text === undefined) return;
    const from = ctx.from?.id === undefined ? 'unknown' : String(ctx.from.id);
    const reply = await options.commands.run(text, { id: from, ...(ctx.from?.username ? { name: `@${ctx.from.username}` } : {}) });
    if (reply) await ctx.reply(reply.text);
  });
  bot.catch((error) => log.error({ err: errorText(error) }, 'telegram update failed'));

  let launched!: () => void;
  const ready = new Promise<void>((resolve) => (launched = resolve));
  const polling = bot.launch({ dropPendingUpdates: false }, () => launched()).catch((error: unknown) => {
    log.error({ err: errorText(error) }, 'telegram polling ended with an error');
  });
  await Promise.race([ready, polling]);
  return {
    async stop() {
      try {
        bot.stop('shutdown');
      } catch {
        // never launched or already stopped
      }
      await polling;
    },
  };
}
