import { z } from 'zod';
import { epochMsSchema, symbolSchema, textSchema } from './events/fields';
import type { EventData, EventType } from './events/registry';

/**
 * The one envelope every event travels in. `ts` is when the event happened (for a decision, the
 * candle close `T`), `tsInit` when we created the object; `causationId` is the id of the event
 * that caused this one, `correlationId` the id of the first event of the chain.
 */
const linkIdSchema = textSchema.max(256).nullable();

export const envelopeMetaSchema = z.strictObject({
  /** Deterministic (see ids.ts), also sent as `Nats-Msg-Id`. */
  id: textSchema.max(256),
  /** Schema version of `data` for this `type`. */
  v: z.number().int().positive(),
  ts: epochMsSchema,
  tsInit: epochMsSchema.optional(),
  /** Present exactly when `data.symbol` is a symbol. */
  symbol: symbolSchema.optional(),
  /** The service (or tool) that published it. */
  source: textSchema,
  causationId: linkIdSchema,
  correlationId: linkIdSchema,
});
export type EnvelopeMeta = z.infer<typeof envelopeMetaSchema>;

/** Any well-formed envelope, `data` unchecked: for routing a message before (or without) its type. */
export const eventEnvelopeSchema = envelopeMetaSchema.extend({ type: textSchema, data: z.unknown() });
export type UncheckedEventEnvelope = z.infer<typeof eventEnvelopeSchema>;

export type EventEnvelope<T extends EventType> = EnvelopeMeta & { type: T; data: EventData<T> };
/** Every event on the log, discriminated by `type`. */
export type MastEvent = { [T in EventType]: EventEnvelope<T> }[EventType];
/** The event of a type; of a union of types, the union of their events (so it narrows by `type`). */
export type EventOf<T extends EventType> = T extends EventType ? EventEnvelope<T> : never;
