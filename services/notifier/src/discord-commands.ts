import { ApplicationCommandOptionType, REST, Routes } from 'discord.js';

const SYMBOL_OR_ALL = 'a symbol such as BTCUSDT, or all';
const why = { type: ApplicationCommandOptionType.String, name: 'why', description: 'your reason, kept on the log', required: false, max_length: 300 } as const;
const query = (name: string, description: string) => ({ name, description, options: [] as const });

/**
 * The slash commands, the same as the Telegram commands (chat-commands.ts). Option values become a
 * command line for the shared dispatcher (discord-interactions.ts).
 */
export const DISCORD_SLASH_COMMANDS = [
  query('status', 'trading state, equity, drawdown'),
  query('positions', 'open positions'),
  query('profit', 'realized P&L, win rate, fees'),
  query('daily', 'P&L of the last 7 days'),
  query('balance', 'balance and equity'),
  query('cooldowns', 'running cooldowns'),
  { name: 'pause', description: 'stop new entries', options: [{ type: ApplicationCommandOptionType.String, name: 'symbol', description: `${SYMBOL_OR_ALL} (default all)`, required: false }, why] },
  { name: 'resume', description: 'allow entries again; symbol "halt" leaves HALTED', options: [{ type: ApplicationCommandOptionType.String, name: 'symbol', description: `${SYMBOL_OR_ALL} (default all), or halt`, required: false }, why] },
  { name: 'flatten', description: 'close positions now', options: [{ type: ApplicationCommandOptionType.String, name: 'symbol', description: SYMBOL_OR_ALL, required: true }, why] },
  { name: 'halt', description: 'close everything and stop trading', options: [why] },
  query('help', 'the list of commands'),
];

export interface DiscordCommandsRegistration {
  readonly token: string;
  readonly applicationId: string;
  /** REST base, `https://discord.com/api` by default; a test fake's address in tests. */
  readonly api: string;
}

/**
 * Replaces the application's global commands with ours (a bulk overwrite, so a rename leaves no
 * stale command behind). Resolves to how many Discord now holds.
 */
export async function registerDiscordCommands(options: DiscordCommandsRegistration): Promise<number> {
  const rest = new REST({ api: options.api, retries: 1, timeout: 15_000 }).setToken(options.token);
  try {
    const registered = await rest.put(Routes.applicationCommands(options.applicationId), { body: DISCORD_SLASH_COMMANDS });
    return Array.isArray(registered) ? registered.length : 0;
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
