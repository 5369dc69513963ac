import { generateKeyPairSync, sign } from 'node:crypto';
import { readStream } from '@mast/bus';
import { streamName, type EventOf, type MastEvent } from '@mast/contracts';
import { DISCORD_INTERACTIONS_PATH } from '../src/discord-interactions';
import type { Notifier } from '../src/notifier';
import { PRIVATE_CHAT, startHarness, waitFor, type Harness } from './notifier-harness';

/**
 * The Discord bot over HTTP interactions, against the fake Discord API and real NATS/Postgres:
 * slash commands registered at start, requests signed with a key pair made here (Ed25519), the
 * same command dispatcher as Telegram behind it.
 */

jest.setTimeout(60_000);

const OPERATOR = '300000000000000001';
const STRANGER = '300000000000000002';

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The raw 32 bytes after the SPKI header, as hex: what Discord's Developer Portal shows.
  const hex = publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
  return { hex, privateKey };
}

async function eventsOf(h: Harness, context: 'ctl' | 'sys'): Promise<MastEvent[]> {
  const out: MastEvent[] = [];
  for await (const { event } of readStream(h.bus, { stream: streamName(h.ns, context) })) out.push(event);
  return out;
}

const command = (name: string, userId: string, username: string, options: Record<string, string> = {}) => ({
  type: 2,
  id: '1500000000000000001',
  application_id: '1',
  token: 'interaction-token',
  guild_id: '1600000000000000001',
  member: { user: { id: userId, username } },
  data: { id: '1700000000000000001', type: 1, name, options: Object.entries(options).map(([key, value]) => ({ name: key, type: 3, value })) },
});

interface InteractionAnswer {
  readonly type: number;
  readonly data?: { readonly content: string; readonly flags: number };
}

describe('discord slash commands', () => {
  let h: Harness;
  let notifier: Notifier;
  const keys = keyPair();
  const stranger = keyPair();

  const post = async (payload: unknown, signWith = keys.privateKey, timestamp = String(Math.floor(Date.now() / 1000))) => {
    const body = JSON.stringify(payload);
    const signature = sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), signWith).toString('hex');
    return fetch(`${notifier.controlServer!.url}${DISCORD_INTERACTIONS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
      body,
    });
  };

  beforeAll(async () => {
    h = await startHarness();
    notifier = await h.start({
      config: {
        discord: { ...h.config.discord, botToken: h.secrets.discordBotToken, applicationId: h.secrets.discordApplicationId, publicKey: keys.hex, operators: [OPERATOR] },
        control: { port: 0 },
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('registers the slash commands with the bot token at start', () => {
    expect(h.discord.registrations).toEqual([
      {
        applicationId: h.secrets.discordApplicationId,
        authorization: `Bot ${h.secrets.discordBotToken}`,
        names: ['status', 'positions', 'profit', 'daily', 'balance', 'cooldowns', 'pause', 'resume', 'flatten', 'halt', 'help'],
        status: 200,
      },
    ]);
  });

  it('answers a signed PING with PONG', async () => {
    const res = await post({ type: 1, id: '1500000000000000009', application_id: '1', token: 't' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
  });

  it('answers 401 to a bad, stale or missing signature, and runs nothing', async () => {
    const pause = command('pause', OPERATOR, 'alice', { symbol: 'ETHUSDT' });
    expect((await post(pause, stranger.privateKey)).status).toBe(401);
    expect((await post(pause, keys.privateKey, String(Math.floor(Date.now() / 1000) - 3600))).status).toBe(401);
    const unsigned = await fetch(`${notifier.controlServer!.url}${DISCORD_INTERACTIONS_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 1 }) });
    expect(unsigned.status).toBe(401);
    // A body changed after signing fails too.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + JSON.stringify({ type: 1 })), keys.privateKey).toString('hex');
    const tampered = await fetch(`${notifier.controlServer!.url}${DISCORD_INTERACTIONS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
      body: JSON.stringify(pause),
    });
    expect(tampered.status).toBe(401);
    expect((await eventsOf(h, 'ctl')).length).toBe(0);
  });

  it('publishes EntriesPaused for /pause BTCUSDT from an operator, naming the Discord user', async () => {
    const res = await post(command('pause', OPERATOR, 'alice', { symbol: 'BTCUSDT', why: 'news at 14:00' }));
    expect(res.status).toBe(200);
    const answer = (await res.json()) as InteractionAnswer;
    expect(answer.type).toBe(4);
    expect(answer.data?.content).toBe('✅ pause entries for BTCUSDT: sent (EntriesPaused).');
    expect(answer.data?.flags).toBe(64);
    const controls = await eventsOf(h, 'ctl');
    expect(controls.map((e) => e.type)).toEqual(['EntriesPaused']);
    expect(controls[0]!.data).toEqual({ symbol: 'BTCUSDT', issuedBy: `discord:${OPERATOR} (alice)`, why: 'news at 14:00' });
    await waitFor('the control alert', () => h.telegram.sent.some((s) => s.chatId === PRIVATE_CHAT && s.text.includes(`discord:${OPERATOR} (alice) paused entries for BTCUSDT: news at 14:00`)));
  });

  it('refuses a user who is not an operator (ephemeral), stores the audit event and publishes nothing', async () => {
    const before = (await eventsOf(h, 'ctl')).length;
    const res = await post(command('halt', STRANGER, 'mallory', { why: 'now' }));
    expect(res.status).toBe(200);
    const answer = (await res.json()) as InteractionAnswer;
    expect(answer.data?.content).toContain('not allowed');
    expect(answer.data?.flags).toBe(64);
    await waitFor('the audit event', async () => (await eventsOf(h, 'sys')).some((e) => e.type === 'OperatorCommandRefused'));
    const audit = (await eventsOf(h, 'sys')).find((e) => e.type === 'OperatorCommandRefused') as EventOf<'OperatorCommandRefused'>;
    expect(audit.data).toEqual({ channel: 'discord', issuedBy: `discord:${STRANGER} (mallory)`, command: '/halt now', reason: 'UNAUTHORIZED', detail: `user ${STRANGER} is not an operator` });
    expect((await eventsOf(h, 'ctl')).length).toBe(before);
  });

  it('answers an invalid control with what to type, through the shared parser', async () => {
    const res = await post(command('pause', OPERATOR, 'alice', { symbol: 'DOGEUSDT' }));
    const answer = (await res.json()) as InteractionAnswer;
    expect(answer.data?.content).toBe('⚠️ DOGEUSDT is not traded here (symbols: BTCUSDT, ETHUSDT, SOLUSDT)');
  });
});
