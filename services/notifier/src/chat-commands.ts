import type { Logger } from '@mast/observability';
import { describeControl, isInvalidCommandError, parseChatControl } from '@mast/operator';
import type { OperatorControls } from '@mast/operator';
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

export const REFUSED_TEXT = '⛔ You are not allowed to run commands here. This attempt was recorded.';

const QUERIES: Readonly<Record<string, (source: StatusSource, now: number) => Promise<string>>> = {
  status: (s) => statusText(s),
  positions: (s) => positionsText(s),
  profit: (s) => profitText(s),
  daily: (s, now) => dailyText(s, now),
  balance: (s) => balanceText(s),
  cooldowns: (s, now) => cooldownsText(s, now),
};

export const QUERY_COMMANDS: readonly string[] = Object.keys(QUERIES);
export const CONTROL_COMMANDS = ['pause', 'resume', 'flatten', 'halt'] as const;

/** The chats whose users can command; each has its own operator ids. */
export type ChatChannel = 'telegram' | 'discord';

export interface ChatUser {
  /** The channel's id of the person (Telegram or Discord user id). */
  readonly id: string;
  /** A display name when known (`@alice`, `alice`). */
  readonly name?: string;
}

export interface ChatReply {
  readonly text: string;
  /** True when the user is not an operator: the attempt was audited (front-ends answer privately where they can). */
  readonly refused: boolean;
}

export interface ChatCommandsOptions {
  readonly channel: ChatChannel;
  /** User ids of this channel allowed to run any command. */
  readonly operators: readonly string[];
  readonly controls: OperatorControls;
  readonly status: StatusSource;
  readonly symbols: readonly string[];
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface ChatCommands {
  /** Runs a command line (`/pause BTCUSDT news`) for a user; null when the line is not a command to answer. */
  run(text: string, user: ChatUser): Promise<ChatReply | null>;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The one command dispatcher of every chat front-end (Telegram messages, Discord slash commands).
 * Every command, queries included, is answered only for the configured user ids: in a group anyone
 * can type, and even a status reveals positions. Others get a refusal, and the attempt goes on the
 * log as OperatorCommandRefused.
 */
export function createChatCommands(options: ChatCommandsOptions): ChatCommands {
  const { channel, controls, status, clock } = options;
  const operators = new Set(options.operators);
  const log = options.logger.child({ component: `${channel}-commands` });

  return {
    async run(text, user) {
      const line = text.trim();
      if (!line.startsWith('/')) return null;
      const head = line.split(/\s/)[0] ?? '';
      const who = `${channel}:${user.id}${user.name ? ` (${user.name})` : ''}`;
      if (!operators.has(user.id)) {
        log.warn({ user: user.id, command: head }, 'command from a user who is not an operator refused');
        await controls
          .refuse({ channel, issuedBy: who, command: line, reason: 'UNAUTHORIZED', detail: `user ${user.id} is not an operator` })
          .catch((error: unknown) => log.error({ err: errorText(error) }, 'could not record a refused command'));
        return { text: REFUSED_TEXT, refused: true };
      }
      // `/pause@MastBot` in Telegram groups names the bot.
      const name = head.slice(1).replace(/@\S+$/, '').toLowerCase();
      if (name === 'help' || name === 'start') return { text: HELP_TEXT, refused: false };
      const query = QUERIES[name];
      if (query) {
        try {
          return { text: await query(status, clock.now()), refused: false };
        } catch (error) {
          log.error({ err: errorText(error), command: name }, 'query failed');
          return { text: '⚠️ The read model is not available right now; try again shortly.', refused: false };
        }
      }
      let parsed;
      try {
        parsed = parseChatControl(line, options.symbols);
      } catch (error) {
        if (!isInvalidCommandError(error)) throw error;
        return { text: `⚠️ ${error.message}`, refused: false };
      }
      if (!parsed) return null;
      const issuer = { channel, id: user.id, ...(user.name ? { name: user.name } : {}) };
      const from = channel === 'telegram' ? 'Telegram' : 'Discord';
      try {
        const event = await controls.issue(parsed.control, issuer, parsed.why ?? `/${name} from ${from}`);
        log.info({ user: issuer.id, type: event.type, eventId: event.id }, 'operator control published');
        return { text: `✅ ${describeControl(parsed.control)}: sent (${event.type}).`, refused: false };
      } catch (error) {
        log.error({ err: errorText(error) }, 'operator control not published');
        return { text: '⚠️ Could not publish the control; nothing changed. Try again.', refused: false };
      }
    },
  };
}
