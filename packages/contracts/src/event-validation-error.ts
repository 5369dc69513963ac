import type { z } from 'zod';

export interface EventIssue {
  /** Dotted path of the bad field, e.g. `data.entryPrice`; empty for the message as a whole. */
  readonly path: string;
  readonly message: string;
}

/** A message that is not a valid event: a poison message for the dead-letter stream, not a retry. */
export class EventValidationError extends Error {
  override readonly name = 'EventValidationError';
  constructor(
    readonly issues: readonly EventIssue[],
    /** The `type` the message claimed, when it had one. */
    readonly eventType?: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid ${eventType ?? 'event'}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, options);
  }
}

export function isEventValidationError(error: unknown): error is EventValidationError {
  return error instanceof EventValidationError;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined), input);
}

/** One issue per bad field: `data.entryPrice: expected number, received string`. */
export function toEventIssues(error: z.ZodError, input: unknown): EventIssue[] {
  return error.issues.flatMap((issue): EventIssue[] => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: 'unknown key' }));
    const message = issue.message.replace(/^Invalid (input|option|string|number): /, '');
    const given = valueAt(input, issue.path);
    if (issue.code === 'invalid_type' && given === undefined) {
      return [{ path, message: issue.expected === 'nonoptional' ? 'required' : `required, expected ${issue.expected}` }];
    }
    // Type errors already say what was received; custom messages say what was given themselves.
    if (issue.code === 'invalid_type' || issue.code === 'custom') return [{ path, message }];
    return [{ path, message: given === undefined ? message : `${message}, was ${JSON.stringify(given)}` }];
  });
}
