import { z } from 'zod';
import { envelopeMetaSchema, eventEnvelopeSchema } from './envelope';
import type { EventOf, MastEvent } from './envelope';
import { EventValidationError, toEventIssues } from './event-validation-error';
import type { EventIssue } from './event-validation-error';
import { EVENT_REGISTRY, EVENT_TYPES, isEventType } from './events/registry';
import type { EventType } from './events/registry';

function symbolOfData(data: unknown): string | undefined {
  return typeof data === 'object' && data !== null && typeof (data as { symbol?: unknown }).symbol === 'string' ? (data as { symbol: string }).symbol : undefined;
}

/** The envelope's `symbol` mirrors `data.symbol`, so routing and filtering never open `data`. */
function checkSymbolMatchesData(event: { symbol?: string | undefined; data: unknown }, ctx: z.RefinementCtx): void {
  const expected = symbolOfData(event.data);
  if (event.symbol === expected) return;
  const message = expected === undefined ? `must be absent: data has no symbol, was ${event.symbol}` : `must equal data.symbol (${expected}), was ${event.symbol ?? 'absent'}`;
  ctx.addIssue({ code: 'custom', path: ['symbol'], message });
}

function schemaFor<T extends EventType>(type: T) {
  const spec = EVENT_REGISTRY[type];
  return envelopeMetaSchema
    .extend({
      type: z.literal(type),
      // Older versions would be upcast here; until a type has one, only the current version parses.
      v: z.literal(spec.v, { error: (issue) => `expected version ${spec.v} of ${type}, received ${JSON.stringify(issue.input)}` }),
      data: spec.data,
    })
    .superRefine(checkSymbolMatchesData);
}

const EVENT_SCHEMAS = Object.fromEntries(EVENT_TYPES.map((type) => [type, schemaFor(type)])) as unknown as {
  readonly [T in EventType]: z.ZodType<EventOf<T>>;
};

function unknownTypeIssues(raw: Record<string, unknown>): EventIssue[] {
  const { type } = raw;
  const typeIssue = { path: 'type', message: typeof type === 'string' ? `unknown event type ${JSON.stringify(type)}` : `expected an event type string, received ${type === null ? 'null' : typeof type}` };
  // Report the rest of the envelope too, so one look at the error shows everything wrong.
  const rest = eventEnvelopeSchema.omit({ type: true }).safeParse(Object.fromEntries(Object.entries(raw).filter(([key]) => key !== 'type')));
  return [typeIssue, ...(rest.success ? [] : toEventIssues(rest.error, raw))];
}

/** Validates the envelope and the data of its type; throws an EventValidationError naming each bad field. */
export function parseEvent(raw: unknown): MastEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new EventValidationError([{ path: '', message: `expected an event object, received ${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw}` }]);
  }
  const record = raw as Record<string, unknown>;
  if (!isEventType(record.type)) {
    throw new EventValidationError(unknownTypeIssues(record), typeof record.type === 'string' ? record.type : undefined);
  }
  return parseEventOf(record.type, raw);
}

/** Like parseEvent, for a message that must be of one type. */
export function parseEventOf<T extends EventType>(type: T, raw: unknown): EventOf<T> {
  const result = EVENT_SCHEMAS[type].safeParse(raw);
  if (!result.success) throw new EventValidationError(toEventIssues(result.error, raw), type, { cause: result.error });
  // The schema of type T outputs the event of type T; TypeScript cannot see through the mapped table.
  return result.data as EventOf<T>;
}

export type SafeParseEventResult = { readonly success: true; readonly event: MastEvent } | { readonly success: false; readonly error: EventValidationError };

/** parseEvent without the throw, for consumers that route bad messages to the dead-letter stream. */
export function safeParseEvent(raw: unknown): SafeParseEventResult {
  try {
    return { success: true, event: parseEvent(raw) };
  } catch (error) {
    if (error instanceof EventValidationError) return { success: false, error };
    throw error;
  }
}
