import { makeEvent, streamName, type MastEvent } from '@mast/contracts';
import { createProjector, migrate } from '@mast/read-model';
import { exampleEvent, T } from '../../../packages/contracts/test/event-examples';
import { HELP_TEXT } from '../src/telegram-commands';
import { OPERATOR_ID, startHarness, waitFor, type Harness } from './notifier-harness';

/** The chat's query commands against a real read model (built by the projector from events). */

jest.setTimeout(60_000);

describe('telegram query commands', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await migrate(h.pool, h.ns);
    const projector = createProjector({ pool: h.pool, ns: h.ns });
    const win = makeEvent('PositionClosed', {
      ts: T,
      source: 'execution',
      data: { symbol: 'ETHUSDT', T, reason: 'TAKE_PROFIT', entryT: T - 45 * 60_000, entryPrice: 2_000, exitPrice: 1_900, qty: 1, entryFee: 1.1, exitFee: 1.05, pnl: 97.85 },
    });
    const items: { event: MastEvent; stream: string; seq: number }[] = [
      { event: exampleEvent('PositionOpened'), stream: streamName(h.ns, 'exec'), seq: 1 },
      { event: win, stream: streamName(h.ns, 'exec'), seq: 2 },
      { event: exampleEvent('CooldownStarted'), stream: streamName(h.ns, 'risk'), seq: 1 },
      { event: exampleEvent('PortfolioMarked'), stream: streamName(h.ns, 'risk'), seq: 2 },
      { event: exampleEvent('BalanceChanged'), stream: streamName(h.ns, 'exec'), seq: 3 },
    ];
    await projector.applyBatch(items);
    await h.start({ config: { telegram: { ...h.config.telegram, commands: true } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const ask = async (text: string): Promise<string> => {
    const before = h.telegram.sent.length;
    h.telegram.pushMessage({ fromId: OPERATOR_ID, username: 'alice', chatId: OPERATOR_ID, text });
    await waitFor(`the answer to ${text}`, () => h.telegram.sent.slice(before).some((s) => s.chatId === String(OPERATOR_ID)));
    return h.telegram.sent.slice(before).find((s) => s.chatId === String(OPERATOR_ID))!.text;
  };

  it('/status', async () => {
    expect(await ask('/status')).toBe('📋 Trading state ACTIVE\nequity 10020.00, drawdown 0.79%, size ×1\nopen positions 1\nas of 2023-11-14 22:14 UTC');
  });

  it('/positions', async () => {
    expect(await ask('/positions')).toMatch(/^📂 1 open position\nBTCUSDT short 0\.191 @ 36500 · TP 34310 · SL 37047\.5( · uPnL [+-]\d+\.\d\d USDT)? · since 2023-11-14 22:14 UTC$/);
  });

  it('/profit', async () => {
    expect(await ask('/profit')).toBe('💰 Realized +97.85 USDT over 1 trades\nwin rate 100.00%, fees 2.15');
  });

  it('/balance', async () => {
    expect(await ask('/balance')).toContain('🏦 Balance 9996.17 USDT (exchange)');
  });

  it('/cooldowns', async () => {
    expect(await ask('/cooldowns')).toBe('⏸ Cooldowns\nBTCUSDT: quick exit until 2023-11-14 23:14 UTC');
  });

  it('/daily', async () => {
    expect(await ask('/daily')).toMatch(/^📅 Daily P&L 2023-11-08 to 2023-11-14\n2023-11-14: \+97\.85 USDT, 1 trades, fees 2\.15/);
  });

  it('/help', async () => {
    expect(await ask('/help')).toBe(HELP_TEXT);
  });

  it('answers a bad argument with what to type', async () => {
    expect(await ask('/flatten')).toBe('⚠️ say what to flatten: /flatten BTCUSDT or /flatten all');
  });
});
