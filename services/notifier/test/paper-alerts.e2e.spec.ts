import { join } from 'node:path';
import { Pool } from 'pg';
import { connectBus, deleteNamespace, readStream, silentBusLogger } from '@mast/bus';
import { streamName, type MastEvent } from '@mast/contracts';
import { dropReadModel } from '@mast/read-model';
import { ROOT, runPaper } from '../../paper/src/paper-run';
import { formatEvent } from '../src/format-event';
import { dropOutbox } from '../src/outbox-store';
import { fakeWebhookUrl, startFakeDiscord } from './fake-discord';
import { startFakeTelegram } from './fake-telegram';
import { DATABASE_URL, NATS_URL, occurrences, testNamespace, testSecrets } from './notifier-harness';

/**
 * `pnpm start -- --notify` in a test: the paper run on the sample with the notifier as its own
 * process, Telegram and Discord pointed at the fakes. Every alert the log calls for arrives once
 * at each, in the log's order per stream, and the trades alerted are the backtest's.
 */

jest.setTimeout(240_000);

/** How many alerts of this text the messages stand for: plain blocks count one, coalesced ones their ×N. */
function alertsIn(delivered: string, text: string): number {
  let total = occurrences(delivered, text);
  for (let at = delivered.indexOf(`${text}\n(×`); at !== -1; at = delivered.indexOf(`${text}\n(×`, at + 1)) {
    const n = Number(/^\n\(×(\d+) since/.exec(delivered.slice(at + text.length))?.[1]);
    total += n - 1;
  }
  return total;
}

describe('a paper run with the notifier', () => {
  it('delivers the expected alert sequence to the fake Telegram and Discord', async () => {
    const ns = testNamespace().replace('t-', 'pn-');
    const secrets = testSecrets();
    const telegram = await startFakeTelegram(secrets.telegramToken);
    const discord = await startFakeDiscord(secrets.webhookId, secrets.webhookToken);
    const bus = await connectBus({ servers: NATS_URL, name: 'paper-alerts-test', logger: silentBusLogger });
    const pool = new Pool({ connectionString: DATABASE_URL, max: 2 });
    const lines: string[] = [];
    try {
      const result = await runPaper({
        dataDir: join(ROOT, 'data', 'sample'),
        natsUrl: NATS_URL,
        ns,
        strategy: {},
        portBase: 21_000 + Math.floor(Math.random() * 20_000),
        kills: new Map(),
        cleanup: false,
        logLevel: 'warn',
        say: (line) => lines.push(line),
        notify: {
          env: {
            MAST_TELEGRAM_TOKEN: secrets.telegramToken,
            MAST_TELEGRAM_API_ROOT: telegram.url,
            MAST_TELEGRAM_CHATS: JSON.stringify([{ id: '1001', type: 'private' }]),
            MAST_TELEGRAM_COMMANDS: 'false',
            MAST_DISCORD_WEBHOOK_URL: fakeWebhookUrl(secrets.webhookId, secrets.webhookToken),
            MAST_DISCORD_API: discord.api,
            MAST_COALESCE_MS: '200',
          },
        },
      });
      expect(result.report.decisionsEqual).toBe(true);

      const expected: { context: string; text: string }[] = [];
      for (const context of ['risk', 'exec', 'ctl', 'sys', 'dlq'] as const) {
        for await (const { event } of readStream(bus, { stream: streamName(ns, context) })) {
          // The services say they stop once the run ended, after the notifier delivered and stopped.
          if (event.type === 'ServiceStopped') continue;
          const alert = formatEvent(event as MastEvent);
          if (alert) expected.push({ context, text: alert.text });
        }
      }
      // The run traded: entries, exits (as many as the backtest's trades), and every service's start.
      const exits = expected.filter((e) => e.text.includes(' Exit '));
      expect(exits).toHaveLength(result.backtest.trades.length);
      expect(exits.length).toBeGreaterThan(0);
      expect(expected.filter((e) => e.text.includes('Entry ')).length).toBeGreaterThanOrEqual(exits.length);
      for (const service of ['market-data', 'signal', 'risk', 'execution', 'projection', 'notifier']) expect([service, expected.some((e) => e.text.startsWith(`🟢 ${service} up`))]).toEqual([service, true]);

      for (const delivered of [telegram.sent.map((s) => s.text).join('\n\n'), discord.sent.map((s) => s.content).join('\n\n')]) {
        // Each alert once; identical texts (repeats of a kind) either one by one or as one coalesced block `(×N since ...)`.
        const wanted = new Map<string, number>();
        for (const { text } of expected) wanted.set(text, (wanted.get(text) ?? 0) + 1);
        for (const [text, count] of wanted) expect([text, alertsIn(delivered, text)]).toEqual([text, count]);
        // Per stream, in the log's order.
        for (const context of ['risk', 'exec']) {
          const texts = [...new Set(expected.filter((e) => e.context === context).map((e) => e.text))];
          const positions = texts.map((text) => delivered.indexOf(text));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        }
      }
      expect(telegram.requests.every((r) => r.status === 200)).toBe(true);
    } catch (error) {
      process.stderr.write(`paper run output:\n${lines.slice(-60).join('\n')}\n`);
      throw error;
    } finally {
      await deleteNamespace(bus.jsm, ns);
      await dropReadModel(pool, ns);
      await dropOutbox(pool, ns);
      await pool.end();
      await bus.close();
      await telegram.close();
      await discord.close();
    }
  });
});
