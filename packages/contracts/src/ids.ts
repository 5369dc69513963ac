import { createHash } from 'node:crypto';
import { symbolSchema } from './events/fields';
import { isEventType } from './events/registry';
import type { EventType } from './events/registry';
import type { OrderIntent } from './events/risk';
import { stableJson } from './stable-json';

/**
 * Event ids derive from what caused the event, never from a clock or a random source: a service
 * that restarts and reprocesses its input publishes the same ids, and JetStream's duplicate window
 * (the id is sent as `Nats-Msg-Id`) drops the repeats. Ids carry no namespace: the duplicate window
 * is per stream and streams are per namespace, and a candle copied from live into a replay keeps
 * its id, which traces it back.
 */

export class IdInputError extends Error {
  override readonly name = 'IdInputError';
}
export function isIdInputError(error: unknown): error is IdInputError {
  return error instanceof IdInputError;
}

function checkSymbol(symbol: string): string {
  if (!symbolSchema.safeParse(symbol).success) throw new IdInputError(`invalid symbol for an id: ${JSON.stringify(symbol)}`);
  return symbol;
}

function checkTime(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new IdInputError(`${name} must be a non-negative integer of epoch ms, was ${value}`);
  return value;
}

/** Type names hold no `:`, so an id parses back into its parts: distinct causes, distinct ids. */
function checkType(type: EventType): EventType {
  if (!isEventType(type)) throw new IdInputError(`unknown event type for an id: ${JSON.stringify(type)}`);
  return type;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `CandleClosed:BTCUSDT:1700000000000`: one candle per symbol and open time. */
export function candleEventId(symbol: string, ts: number): string {
  return `CandleClosed:${checkSymbol(symbol)}:${checkTime('ts', ts)}`;
}

/**
 * A decision of the rules, by its type, symbol (`*` for the whole portfolio) and decision time `T`.
 * The discriminator separates decisions of one type at one `T`: the cooldown rule, or the symbol
 * whose candle moved the portfolio (several symbols' candles share a `T`).
 */
export function decisionId(type: EventType, symbol: string | null, T: number, discriminator?: string | number): string {
  const base = `${checkType(type)}:${symbol === null ? '*' : checkSymbol(symbol)}:${checkTime('T', T)}`;
  if (discriminator === undefined) return base;
  if (String(discriminator).length === 0) throw new IdInputError('a discriminator must not be empty');
  return `${base}:${discriminator}`;
}

/**
 * The id of an event whose cause is its own content (a feed status, an operator command): type,
 * event time and a hash of the data. The same content at the same time is the same event.
 */
export function contentEventId(type: EventType, ts: number, data: unknown): string {
  return `${checkType(type)}:${checkTime('ts', ts)}:${sha256Hex(stableJson(data)).slice(0, 16)}`;
}

/**
 * The id of an order request, sent to Bybit as `orderLinkId` (at most 36 of [A-Za-z0-9_-]), from
 * the id of the event that caused it (the entry signal or the exit decision). `attempt` numbers a
 * deliberate retry after a rejection. A 128-bit hash keeps it short; the `o-`/`c-` prefix tells an
 * operator on the exchange's screen whether it opened or closed. Because the namespace is not in
 * it, two namespaces pointed at one account by mistake cannot place the same order twice: Bybit
 * refuses a repeated `orderLinkId`.
 */
export function orderRequestId(causeId: string, intent: OrderIntent, attempt = 0): string {
  if (causeId.length === 0) throw new IdInputError('an order request needs the id of its cause');
  if (!Number.isSafeInteger(attempt) || attempt < 0) throw new IdInputError(`attempt must be a non-negative integer, was ${attempt}`);
  return `${intent === 'OPEN' ? 'o' : 'c'}-${sha256Hex(`${intent}|${attempt}|${causeId}`).slice(0, 32)}`;
}

/**
 * The id makeEvent gives an event when the caller passes none: the candle's natural key for a
 * candle, else the content id. Services that know the cause of an event pass the id derived from it.
 */
export function defaultEventId(type: EventType, ts: number, data: unknown): string {
  if (type === 'CandleClosed' && typeof data === 'object' && data !== null) {
    const { symbol, ts: openTs } = data as { symbol?: unknown; ts?: unknown };
    if (typeof symbol === 'string' && symbolSchema.safeParse(symbol).success && typeof openTs === 'number' && Number.isSafeInteger(openTs) && openTs >= 0) {
      return candleEventId(symbol, openTs);
    }
  }
  return contentEventId(type, ts, data);
}
