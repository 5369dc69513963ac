import type { Logger } from '@mast/observability';
import { describeControl, isInvalidCommandError, parseChatControl } from '@mast/operator';
import type { OperatorControls } from '@mast/operator';
import { Telegraf } from 'telegraf';
import type { Context } from 'telegraf';
import type { Clock } from './clock';
import { balanceText, cooldownsText, dailyText, positionsText, profitText, statusText } from './status-queries';
import type { StatusSource } from './status-queries';

export const HELP_TEXT = [
  'MAST commands',
  '/status: trading state, equity, drawdown',
  '/positions: open positions',
  '/profit: realized P&L, win rate, fees',
  '/daily: P&L of the last 7 days',
  '/balance: balance and equity',
  '/cooldowns: running cooldowns',
  '/pause [SYMBOL] [why]: stop new entries (all symbols without one)',
  '/resume [SYMBOL] [why]: allow entries again',
  '/resume halt [why]: leave HALTED (rebases the drawdown peak)',
  '/flatten SYMBOL|all [why]: close positions now',
  '/halt [why]: close everything and stop trading',
  '/help: this list',
].join('\n');

export interface TelegramCommandsOptions {
  readonly token: string;
  readonly apiRoot: string;
  /** Telegram user ids allowed to run any command. */
  readonly operators: readonly string[];
  readonly controls: OperatorControls;
  readonly status: StatusSource;
  readonly symbols: readonly string[];
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface TelegramCommands {
  /** Resolves once polling stopped. */
  stop(): Promise<void>;
}

const QUERIES: Readonly<Record<string, (source: StatusSource, now: number) => Promise<string>>> = {
  status: (s) => statusText(s),
  positions: (s) => positionsText(s),
  profit: (s) => profitText(s),
  daily: (s, now) => dailyText(s, now),
  balance: (s) => balanceText(s),
  cooldowns: (s, now) => cooldownsText(s, now),
};

const CONTROLS = ['pause', 'resume', 'flatten', 'halt'] as const;

const userName = (ctx: Context): string | undefined => (ctx.from?.username ? `@${ctx.from.username}` : undefined);

/**
 * The bot's commands by long polling. Every command, queries included, is answered only for the
 * configured user ids: in a group anyone can type, and even a status reveals positions. Others get
 * a refusal, and the attempt goes on the log as OperatorCommandRefused.
 */
export async function startTelegramCommands(options: TelegramCommandsOptions): Promise<TelegramCommands> {
  const { controls, status, clock, logger } = options;
  const operators = new Set(options.operators);
  const log = logger.child({ component: 'telegram-commands' });
  const bot = new Telegraf(options.token, { telegram: { apiRoot: options.apiRoot }, handlerTimeout: 30_000 });

  bot.use(async (ctx, next) => {
    const text = ctx.message && 'text' in ctx.message ? ctx.message.text : undefined;
    if (text === undefined || !text.startsWith('/')) return;
    const from = ctx.from?.id === undefined ? 'unknown' : String(ctx.from.id);
    if (operators.has(from)) return next();
    log.warn({ user: from, command: text.split(/\s/)[0] }, 'command from a user who is not an operator refused');
    await controls
      .refuse({ channel: 'telegram', issuedBy: `telegram:${from}${userName(ctx) ? ` (${userName(ctx)})` : ''}`, command: text, reason: 'UNAUTHORIZED', detail: `user ${from} is not an operator` })
      .catch((error: unknown) => log.error({ err: error instanceof Error ? error.message : String(error) }, 'could not record a refused command'));
    await ctx.reply('⛔ You are not allowed to run commands here. This attempt was recorded.');
  });

  bot.command('help', (ctx) => ctx.reply(HELP_TEXT));
  bot.command('start', (ctx) => ctx.reply(HELP_TEXT));
  for (const [name, query] of Object.entries(QUERIES)) {
    bot.command(name, async (ctx) => {
      let text: string;
      try {
        text = await query(status, clock.now());
      } catch (error) {
        log.error({ err: error instanceof Error ? error.message : String(error), command: name }, 'query failed');
        text = '⚠️ The read model is not available right now; try again shortly.';
      }
      await ctx.reply(text);
    });
  }
  for (const name of CONTROLS) {
    bot.command(name, async (ctx) => {
      const text = ctx.message.text;
      let parsed;
      try {
        parsed = parseChatControl(text, options.symbols);
      } catch (error) {
        if (!isInvalidCommandError(error)) throw error;
        await ctx.reply(`⚠️ ${error.message}`);
        return;
      }
      if (!parsed) return;
      const issuer = { channel: 'telegram' as const, id: String(ctx.from.id), ...(userName(ctx) ? { name: userName(ctx)! } : {}) };
      try {
        const event = await controls.issue(parsed.control, issuer, parsed.why ?? `${text.split(/\s/)[0]} from Telegram`);
        log.info({ user: issuer.id, type: event.type, eventId: event.id }, 'operator control published');
        await ctx.reply(`✅ ${describeControl(parsed.control)}: sent (${event.type}).`);
      } catch (error) {
        log.error({ err: error instanceof Error ? error.message : String(error) }, 'operator control not published');
        await ctx.reply('⚠️ Could not publish the control; nothing changed. Try again.');
      }
    });
  }
  bot.catch((error) => log.error({ err: error instanceof Error ? error.message : String(error) }, 'telegram update failed'));

  let launched!: () => void;
  const ready = new Promise<void>((resolve) => (launched = resolve));
  const polling = bot.launch({ dropPendingUpdates: false }, () => launched()).catch((error: unknown) => {
    log.error({ err: error instanceof Error ? error.message : String(error) }, 'telegram polling ended with an error');
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
