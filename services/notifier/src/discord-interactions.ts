import type { Logger } from '@mast/observability';
import type { HttpRoutes } from '@mast/operator';
import type { ChatCommands } from './chat-commands';
import { discordPublicKey, hasDiscordSignature } from './discord-signature';
import { DISCORD_CONTENT_LIMIT } from './pack-messages';

/** Discord's interaction and response types (the subset the endpoint handles). */
const PING = 1;
const APPLICATION_COMMAND = 2;
const PONG = 1;
const CHANNEL_MESSAGE_WITH_SOURCE = 4;
const EPHEMERAL = 64;

export const DISCORD_INTERACTIONS_PATH = '/discord/interactions';

export interface DiscordInteractionsOptions {
  /** The application's public key (64 hex digits, Developer Portal → General Information). */
  readonly publicKey: string;
  /** The shared dispatcher, made for the Discord channel and its operator ids. */
  readonly commands: ChatCommands;
  readonly logger: Logger;
  /** Epoch ms, for the signature's freshness; the system clock (it is Discord's clock we compare with). */
  readonly now?: () => number;
}

interface CommandOption {
  readonly name?: unknown;
  readonly value?: unknown;
}

interface Interaction {
  readonly type?: unknown;
  readonly data?: { readonly name?: unknown; readonly options?: readonly CommandOption[] };
  /** In a guild the user is inside `member`; in a DM it is `user`. */
  readonly member?: { readonly user?: DiscordUser };
  readonly user?: DiscordUser;
}

interface DiscordUser {
  readonly id?: unknown;
  readonly username?: unknown;
}

/**
 * A slash command as the chat line the dispatcher reads: `/pause BTCUSDT news`. A control without a
 * symbol gets `all` so that a reason is never read as a symbol.
 */
export function commandLine(data: Interaction['data']): string {
  const name = typeof data?.name === 'string' ? data.name : '';
  const option = (key: string): string | undefined => {
    const value = data?.options?.find((o) => o.name === key)?.value;
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const symbol = option('symbol') ?? (name === 'pause' || name === 'resume' ? 'all' : undefined);
  return [`/${name}`, ...(symbol ? [symbol] : []), ...(option('why') ? [option('why')!] : [])].join(' ');
}

const fit = (text: string): string => (text.length <= DISCORD_CONTENT_LIMIT ? text : `${text.slice(0, DISCORD_CONTENT_LIMIT - 2)} …`);

/**
 * POST /discord/interactions, Discord's HTTP interactions endpoint: the Ed25519 signature over the
 * raw body is checked first (401 otherwise, as Discord's own endpoint check expects), a PING gets a
 * PONG, and a slash command runs through the same dispatcher as Telegram. Answers are ephemeral
 * (only the caller sees them): queries show positions, and a control is alerted to the channel anyway.
 * The JSON parser here keeps the body raw and is scoped to this route only.
 */
export function discordInteractionRoutes(options: DiscordInteractionsOptions): HttpRoutes {
  const key = discordPublicKey(options.publicKey);
  const now = options.now ?? Date.now;
  const log = options.logger.child({ component: 'discord-interactions' });
  return async (app) => {
    await app.register(async (scope) => {
      scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
      scope.post(DISCORD_INTERACTIONS_PATH, async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const header = (name: string): string | undefined => {
          const value = request.headers[name];
          return typeof value === 'string' ? value : undefined;
        };
        if (!hasDiscordSignature(key, header('x-signature-ed25519'), header('x-signature-timestamp'), body, now())) {
          return reply.code(401).send({ error: 'invalid request signature' });
        }
        let interaction: Interaction;
        try {
          interaction = JSON.parse(body.toString('utf8')) as Interaction;
        } catch {
          return reply.code(400).send({ error: 'the body is not JSON' });
        }
        if (interaction.type === PING) return reply.send({ type: PONG });
        if (interaction.type !== APPLICATION_COMMAND) return reply.code(400).send({ error: `interaction type ${String(interaction.type)} is not handled` });
        const user = interaction.member?.user ?? interaction.user;
        const id = typeof user?.id === 'string' ? user.id : 'unknown';
        const name = typeof user?.username === 'string' ? user.username : undefined;
        let text: string;
        try {
          const answer = await options.commands.run(commandLine(interaction.data), { id, ...(name ? { name } : {}) });
          text = answer?.text ?? 'Unknown command: try /help.';
        } catch (error) {
          log.error({ err: error instanceof Error ? error.message : String(error) }, 'discord command failed');
          text = '⚠️ The command failed; nothing may have changed. Try again.';
        }
        return reply.send({ type: CHANNEL_MESSAGE_WITH_SOURCE, data: { content: fit(text), flags: EPHEMERAL, allowed_mentions: { parse: [] } } });
      });
    });
  };
}
