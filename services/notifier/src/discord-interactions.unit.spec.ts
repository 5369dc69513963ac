import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceConfig } from '@mast/observability';
import { notifierConfigSchema } from './config';
import { commandLine } from './discord-interactions';

const option = (name: string, value: string) => ({ name, type: 3, value });

describe('commandLine', () => {
  it('turns slash command options into the chat line the shared dispatcher reads', () => {
    expect(commandLine({ name: 'pause', options: [option('symbol', 'BTCUSDT'), option('why', 'news at 14:00')] })).toBe('/pause BTCUSDT news at 14:00');
    // Without a symbol a reason must not be read as one.
    expect(commandLine({ name: 'pause', options: [option('why', 'news')] })).toBe('/pause all news');
    expect(commandLine({ name: 'resume', options: [option('symbol', 'halt')] })).toBe('/resume halt');
    expect(commandLine({ name: 'flatten', options: [option('symbol', 'all')] })).toBe('/flatten all');
    expect(commandLine({ name: 'halt', options: [option('why', 'exchange incident')] })).toBe('/halt exchange incident');
    expect(commandLine({ name: 'status' })).toBe('/status');
  });
});

describe('discord bot config', () => {
  const base = { MAST_NS: 'paper', MAST_DISCORD_APPLICATION_ID: '123456789012345678', MAST_DISCORD_PUBLIC_KEY: 'ab'.repeat(32) };
  const token = `${'a'.repeat(24)}.${'b'.repeat(6)}.${'c'.repeat(27)}`;

  it('reads the bot settings from the environment, the token from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'notifier-config-'));
    writeFileSync(join(dir, 'token'), `${token}\n`);
    const config = loadServiceConfig(notifierConfigSchema, { env: { ...base, MAST_DISCORD_BOT_TOKEN_FILE: join(dir, 'token'), MAST_DISCORD_OPERATORS: '234567890123456789,345678901234567890' } });
    expect(config.discord).toMatchObject({ botToken: token, applicationId: base.MAST_DISCORD_APPLICATION_ID, publicKey: base.MAST_DISCORD_PUBLIC_KEY, operators: ['234567890123456789', '345678901234567890'] });
  });

  it('names every missing or malformed bot setting', () => {
    expect(() => loadServiceConfig(notifierConfigSchema, { env: { MAST_NS: 'paper', MAST_DISCORD_PUBLIC_KEY: 'xyz', MAST_DISCORD_OPERATORS: 'alice' } })).toThrow(
      expect.objectContaining({
        issues: expect.arrayContaining([
          expect.objectContaining({ path: 'discord.publicKey', message: expect.stringContaining('64 hex digits') }),
          expect.objectContaining({ path: 'discord.operators.0', message: expect.stringContaining('Discord user id') }),
        ]),
      }),
    );
    expect(() => loadServiceConfig(notifierConfigSchema, { env: base })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'discord.botToken', message: expect.stringContaining('needed with the other Discord bot settings') })] }),
    );
  });
});
