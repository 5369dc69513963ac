import { readStream } from '@mast/bus';
import { makeEvent, streamName, type EventOf, type MastEvent } from '@mast/contracts';
import { OPERATOR_ID, PRIVATE_CHAT, startHarness, waitFor, type Harness } from './notifier-harness';
import { startRiskProcess, type RiskProcess } from './risk-process';

/**
 * Operator commands from the (fake) Telegram chat through to the real risk service: an unknown
 * user is refused and audited; `/pause BTCUSDT` makes risk reject the next BTC entry as PAUSED
 * while ETH still enters, and `/resume BTCUSDT` lets BTC enter again.
 */

jest.setTimeout(120_000);

const MINUTE = 60_000;
const T = Date.UTC(2025, 4, 4, 12, 0);

/** A candle risk would enter on (regime ACTIVE, an entry signal), built through the production schema. */
function entryCandle(symbol: string, t: number, crossT: number | null, close: number): EventOf<'CandleAssessed'> {
  const emaFast = close * 1.001;
  const emaSlow = close * 1.002;
  return makeEvent('CandleAssessed', {
    ts: t,
    source: 'signal',
    data: {
      symbol,
      T: t,
      candle: { symbol, ts: t - MINUTE, open: close * 1.0005, high: close * 1.001, low: close * 0.999, close, volume: 10 },
      regime: 'ACTIVE',
      indicators: { emaFast, emaSlow, rv: 0.004, crosses24h: 1 },
      entry: crossT === null ? null : { symbol, T: t, crossT, armedUntil: t + 10 * MINUTE, close, emaFast, emaSlow },
    },
  });
}

async function eventsOf(h: Harness, context: 'ctl' | 'risk' | 'sys'): Promise<MastEvent[]> {
  const out: MastEvent[] = [];
  for await (const { event } of readStream(h.bus, { stream: streamName(h.ns, context) })) out.push(event);
  return out;
}

async function riskAppliedControls(h: Harness): Promise<number> {
  return (await h.bus.jsm.consumers.info(streamName(h.ns, 'ctl'), 'risk-control')).ack_floor.stream_seq;
}

describe('operator commands from Telegram', () => {
  let h: Harness;
  let risk: RiskProcess | undefined;
  beforeAll(async () => {
    h = await startHarness();
    risk = await startRiskProcess({ MAST_NS: h.ns, MAST_NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', MAST_STRATEGY: JSON.stringify({ symbols: ['BTCUSDT', 'ETHUSDT'] }) });
    await h.start({ config: { telegram: { ...h.config.telegram, commands: true } } });
  });
  afterAll(async () => {
    await risk?.stop();
    await h?.close();
  });

  it('refuses a command from a user who is not an operator, answers so, and audits the attempt', async () => {
    h.telegram.pushMessage({ fromId: 999, username: 'mallory', chatId: 999, text: '/halt now' });
    await waitFor('the refusal', () => h.telegram.sent.some((s) => s.chatId === '999' && s.text.includes('not allowed')));
    await waitFor('the audit event', async () => (await eventsOf(h, 'sys')).some((e) => e.type === 'OperatorCommandRefused'));
    const audit = (await eventsOf(h, 'sys')).find((e) => e.type === 'OperatorCommandRefused') as EventOf<'OperatorCommandRefused'>;
    expect(audit.data).toEqual({ channel: 'telegram', issuedBy: 'telegram:999 (@mallory)', command: '/halt now', reason: 'UNAUTHORIZED', detail: 'user 999 is not an operator' });
    // Nothing reached the control stream, and the attempt is alerted to the operators' chat.
    expect((await eventsOf(h, 'ctl')).length).toBe(0);
    await waitFor('the audit alert', () => h.telegram.sent.some((s) => s.chatId === PRIVATE_CHAT && s.text.includes('Refused telegram command from telegram:999 (@mallory): /halt now')));
  });

  it('/pause BTCUSDT makes risk reject the next BTC entry with PAUSED; /resume BTCUSDT lets it enter again', async () => {
    h.telegram.pushMessage({ fromId: OPERATOR_ID, username: 'alice', chatId: OPERATOR_ID, text: '/pause BTCUSDT news at 14:00' });
    await waitFor('the confirmation', () => h.telegram.sent.some((s) => s.chatId === String(OPERATOR_ID) && s.text.includes('pause entries for BTCUSDT')));
    const [paused] = await eventsOf(h, 'ctl');
    expect(paused?.type).toBe('EntriesPaused');
    expect(paused?.data).toEqual({ symbol: 'BTCUSDT', issuedBy: `telegram:${OPERATOR_ID} (@alice)`, why: 'news at 14:00' });
    await waitFor('risk applied the pause', async () => (await riskAppliedControls(h)) >= 1);

    await h.publisher.publishMany([entryCandle('BTCUSDT', T, T - 5 * MINUTE, 60_000), entryCandle('ETHUSDT', T, T - 5 * MINUTE, 3_000)]);
    const decisions = async () => (await eventsOf(h, 'risk')).filter((e) => e.type === 'EntryRejected' || e.type === 'OrderRequested');
    await waitFor('risk decided both candles', async () => (await decisions()).length >= 2, 30_000);
    const [btc, eth] = [(await decisions()).find((e) => e.symbol === 'BTCUSDT'), (await decisions()).find((e) => e.symbol === 'ETHUSDT')];
    expect(btc?.type).toBe('EntryRejected');
    expect((btc as EventOf<'EntryRejected'>).data.reason).toBe('PAUSED');
    expect(eth?.type).toBe('OrderRequested');
    expect((eth as EventOf<'OrderRequested'>).data.intent).toBe('OPEN');

    h.telegram.pushMessage({ fromId: OPERATOR_ID, username: 'alice', chatId: OPERATOR_ID, text: '/resume btcusdt' });
    await waitFor('risk applied the resume', async () => (await riskAppliedControls(h)) >= 2);
    const resumed = (await eventsOf(h, 'ctl'))[1];
    expect(resumed?.type).toBe('EntriesResumed');
    expect(resumed?.data).toEqual({ symbol: 'BTCUSDT', issuedBy: `telegram:${OPERATOR_ID} (@alice)`, why: '/resume from Telegram' });
    // Risk applies a minute once every traded symbol's verdict for it is in.
    await h.publisher.publishMany([entryCandle('BTCUSDT', T + MINUTE, T - 2 * MINUTE, 59_900), entryCandle('ETHUSDT', T + MINUTE, null, 3_001)]);
    await waitFor('the BTC entry after the resume', async () =>
      (await eventsOf(h, 'risk')).some((e) => e.type === 'OrderRequested' && e.symbol === 'BTCUSDT' && e.data.intent === 'OPEN'),
    30_000);
    // The controls are alerted too, with who and why.
    await waitFor('the control alert', () => h.telegram.sent.some((s) => s.chatId === PRIVATE_CHAT && s.text.includes(`telegram:${OPERATOR_ID} (@alice) paused entries for BTCUSDT: news at 14:00`)));
  });
});
