import type { EventOf } from './envelope';
import { EVENT_REGISTRY } from './events/registry';
import type { EventData, EventType } from './events/registry';
import { defaultEventId, isIdInputError } from './ids';
import { parseEventOf } from './parse-event';

export interface EventFields<T extends EventType> {
  readonly data: EventData<T>;
  /** Event time, epoch ms. */
  readonly ts: number;
  readonly source: string;
  /** Defaults to defaultEventId(type, ts, data); pass the id derived from the cause when there is one (ids.ts). */
  readonly id?: string;
  readonly tsInit?: number;
  /** Defaults to `data.symbol` when the data has one. */
  readonly symbol?: string;
  readonly causationId?: string | null;
  readonly correlationId?: string | null;
}

/** No id can be derived from an invalid `ts`; validation then reports the `ts` itself. */
function idFromContent(type: EventType, ts: number, data: unknown): string | undefined {
  try {
    return defaultEventId(type, ts, data);
  } catch (error) {
    if (isIdInputError(error)) return undefined;
    throw error;
  }
}

/**
 * Builds an event at the current version of its type and validates it through the same schemas
 * that consumers use, so a builder cannot make an event that a consumer would refuse.
 * Throws EventValidationError.
 */
export function makeEvent<T extends EventType>(type: T, fields: EventFields<T>): EventOf<T> {
  const data: unknown = fields.data;
  const dataSymbol = typeof data === 'object' && data !== null ? (data as { symbol?: unknown }).symbol : undefined;
  const symbol = fields.symbol ?? (typeof dataSymbol === 'string' ? dataSymbol : undefined);
  const raw = {
    id: fields.id ?? idFromContent(type, fields.ts, fields.data),
    type,
    v: EVENT_REGISTRY[type].v,
    ts: fields.ts,
    ...(fields.tsInit === undefined ? {} : { tsInit: fields.tsInit }),
    ...(symbol === undefined ? {} : { symbol }),
    source: fields.source,
    causationId: fields.causationId ?? null,
    correlationId: fields.correlationId ?? null,
    data: fields.data,
  };
  return parseEventOf(type, raw);
}

/** Event types whose data carries the decision time `T`: the decisions of the pure core and their kin. */
export type DecisionType = { [T in EventType]: EventData<T> extends { T: number } ? T : never }[EventType];
/** A decision as the core returns it: the event's data plus its `type`. */
export type Decision<T extends DecisionType> = { readonly type: T } & EventData<T>;

/** Wraps a core decision in the envelope, 1:1: `data` is the decision without `type`, `ts` its `T`. */
export function eventFromDecision<T extends DecisionType>(decision: Decision<T>, fields: Omit<EventFields<T>, 'data' | 'ts'> & { readonly ts?: number }): EventOf<T> {
  const { type, ...data } = decision;
  return makeEvent(type, { ...fields, ts: fields.ts ?? decision.T, data: data as unknown as EventData<T> });
}
