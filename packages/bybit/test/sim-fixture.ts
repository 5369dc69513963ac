import { Writable } from 'node:stream';
import { startSimulator } from '@mast/bybit-sim';
import type { FaultRule, MarketSpeed, Simulator } from '@mast/bybit-sim';
import pino from 'pino';
import type { Logger } from 'pino';
import { parseBybitConfig } from '../src/config/bybit-config';
import type { BybitConfig } from '../src/config/bybit-config';
import type { ClosedCandle } from '../src/candles/closed-candle';

export const M = 60_000;
/** 2024-01-01T00:00:00Z; the simulator plays market time from its candles. */
export const T0 = Date.UTC(2024, 0, 1);
export const HISTORY = 20;
export const TRADER = { apiKey: 'simTraderKey0001', secret: 'simTraderSecretAbcdef0123456789XYZ' };
export const WITHDRAWER = { apiKey: 'simWithdrawKey01', secret: 'simWithdrawSecret0123456789abcdefG' };
export const READ_ONLY = { apiKey: 'simReadOnlyKey01', secret: 'simReadOnlySecret0123456789abcdefH' };
export const START_BALANCE = 10_000;

/** A deterministic BTCUSDT series on the 0.1 tick: a slow wave, so prices move but stay near 40k. */
export function btcCandles(count: number): ClosedCandle[] {
  const rows: ClosedCandle[] = [];
  let previous = 40_000;
  for (let i = 0; i < count; i += 1) {
    const close = Math.round((40_000 + 150 * Math.sin(i / 3) + 7 * i) * 10) / 10;
    const open = previous;
    const high = Math.round((Math.max(open, close) + 12.3) * 10) / 10;
    const low = Math.round((Math.min(open, close) - 9.8) * 10) / 10;
    rows.push({ symbol: 'BTCUSDT', ts: T0 + i * M, open, high, low, close, volume: Math.round((1 + (i % 7) * 0.25) * 1000) / 1000 });
    previous = close;
  }
  return rows;
}

export interface SimHarness {
  readonly sim: Simulator;
  readonly candles: readonly ClosedCandle[];
  config(account?: { apiKey: string; secret: string }, overrides?: Record<string, unknown>): BybitConfig;
}

export async function startSim(options: { candles?: number; faults?: FaultRule[]; speed?: MarketSpeed } = {}): Promise<SimHarness> {
  const candles = btcCandles(options.candles ?? 80);
  const sim = await startSimulator({
    accounts: [
      { apiKey: TRADER.apiKey, secret: TRADER.secret, balanceUsdt: START_BALANCE, canWithdraw: false },
      { apiKey: WITHDRAWER.apiKey, secret: WITHDRAWER.secret, balanceUsdt: START_BALANCE, canWithdraw: true },
      { apiKey: READ_ONLY.apiKey, secret: READ_ONLY.secret, balanceUsdt: START_BALANCE, canWithdraw: false, readOnly: true },
    ],
    market: {
      candles: { BTCUSDT: candles.map(({ ts, open, high, low, close, volume }) => ({ ts, open, high, low, close, volume })) },
      speed: options.speed ?? 'manual',
      from: T0 + HISTORY * M,
    },
    faults: options.faults ?? [],
  });
  return {
    sim,
    candles,
    config: (account = TRADER, overrides = {}) =>
      parseBybitConfig({
        environment: 'custom',
        baseUrl: sim.url,
        wsPublicUrl: sim.wsPublicUrl,
        wsPrivateUrl: sim.wsPrivateUrl,
        apiKey: account.apiKey,
        apiSecret: account.secret,
        symbols: ['BTCUSDT'],
        timeoutMs: 2_000,
        ...overrides,
      }),
  };
}

/** A pino logger whose output is kept in memory, to assert on what really gets written. */
export function memoryLogger(level: pino.Level = 'debug'): { logger: Logger; text: () => string; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level }, sink);
  return {
    logger,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** Polls until `check` returns true, or fails with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Fast retries for tests: same policy shape, milliseconds instead of seconds. */
export const FAST = {
  backoff: { baseMs: 20, maxMs: 200, maxAttempts: 5 },
  rateLimitMaxWaitMs: 300,
} as const;

export const WS_FAST = {
  pingIntervalMs: 200,
  staleAfterMs: 1_500,
  reconnectBackoff: { baseMs: 50, maxMs: 300 },
  backfillBackoff: { baseMs: 50, maxMs: 300 },
} as const;
