import { randomBytes } from 'node:crypto';
import { makeEvent } from '@mast/contracts';
import type { ConsumerDefinition, EventOf } from '@mast/contracts';
import { connectBus } from '../src/connect-bus';
import type { Bus } from '../src/connect-bus';
import { deleteNamespace } from '../src/delete-namespace';
import type { BusLogger } from '../src/logger';
import { silentBusLogger } from '../src/logger';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A namespace of its own per test file (`t-<random>`), so tests never meet other namespaces' streams. */
export function testNamespace(): string {
  return `t-${randomBytes(5).toString('hex')}`;
}

export function connectTestBus(name: string, logger: BusLogger = silentBusLogger): Promise<Bus> {
  return connectBus({ servers: NATS_URL, name, logger, timeoutMs: 3000 });
}

/** Deletes the namespace's streams and closes the bus: for afterAll. */
export async function cleanUp(bus: Bus, ns: string): Promise<void> {
  await deleteNamespace(bus.jsm, ns);
  await bus.close();
}

const T0 = Date.UTC(2024, 0, 1);

/** A valid candle of minute `i`, built through the production schema. */
export function candle(symbol: string, i: number): EventOf<'CandleClosed'> {
  const ts = T0 + i * 60_000;
  const close = 100 + i;
  return makeEvent('CandleClosed', { ts: ts + 60_000, source: 'bus-test', data: { symbol, ts, open: close - 0.5, high: close + 1, low: close - 1, close, volume: 10 } });
}

/** A consumer definition from contracts with a test-sized backoff (ms), so retries take milliseconds. */
export function withBackoff(def: ConsumerDefinition, backoffMs: readonly number[], maxDeliver = backoffMs.length + 1): ConsumerDefinition {
  const backoff = backoffMs.map((ms) => ms * 1_000_000);
  return { ...def, config: { ...def.config, backoff, ack_wait: backoff[0] ?? def.config.ack_wait, max_deliver: maxDeliver } };
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A logger that keeps what it is given, for asserting on warnings. */
export function recordingLogger(): BusLogger & { readonly lines: { level: string; obj: object; msg?: string }[] } {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, obj, msg });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
