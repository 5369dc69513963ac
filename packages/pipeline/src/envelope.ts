import { EVENT_REGISTRY, type EventData, type EventOf, type EventType } from '@mast/contracts';

export interface EnvelopeMeta {
  readonly id: string;
  readonly ts: number;
  readonly source: string;
  readonly causationId: string | null;
  readonly correlationId: string | null;
}

/**
 * Wraps data in the event envelope at the type's current version. It does not validate: the bus
 * validates every event it publishes, and doing it here too would parse each event twice on
 * the hot path.
 */
export function envelope<T extends EventType>(type: T, data: EventData<T>, meta: EnvelopeMeta): EventOf<T> {
  const symbol = (data as { symbol?: unknown }).symbol;
  return {
    id: meta.id,
    type,
    v: EVENT_REGISTRY[type].v,
    ts: meta.ts,
    ...(typeof symbol === 'string' ? { symbol } : {}),
    source: meta.source,
    causationId: meta.causationId,
    correlationId: meta.correlationId,
    data,
  } as unknown as EventOf<T>;
}
