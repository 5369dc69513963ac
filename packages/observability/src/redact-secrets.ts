import { stdSerializers } from 'pino';
import { REDACTED } from './redacted';
import { isSecretKey } from './secret-keys';

/** Deeper than any object we log; past it a value is cut rather than walked unchecked. */
const MAX_DEPTH = 10;

function walkArray(items: readonly unknown[], depth: number, seen: Set<object>): unknown[] {
  const out = items.map((item) => walk(item, depth + 1, seen));
  // Header lists come as name/value pairs: rawHeaders ['X-BAPI-SIGN', '...'] or entries [['X-BAPI-SIGN', '...']].
  for (let i = 0; i + 1 < out.length; i += 1) {
    const name = out[i];
    const next = out[i + 1];
    if (typeof name === 'string' && isSecretKey(name) && (typeof next === 'string' || typeof next === 'number')) out[i + 1] = REDACTED;
  }
  return out;
}

function walkObject(object: object, depth: number, seen: Set<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    const value = (object as Record<string, unknown>)[key];
    out[key] = isSecretKey(key) && value !== undefined && value !== null ? REDACTED : walk(value, depth + 1, seen);
  }
  return out;
}

function walk(value: unknown, depth: number, seen: Set<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth > MAX_DEPTH) return '[too deep]';
  seen.add(value);
  try {
    if (value instanceof Error) return walkObject(stdSerializers.err(value), depth, seen);
    if (Array.isArray(value)) return walkArray(value, depth, seen);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return walk(toJSON.call(value), depth, seen);
    return walkObject(value, depth, seen);
  } finally {
    // Only the current branch counts as "seen": the same object twice side by side is not a cycle.
    seen.delete(value);
  }
}

/**
 * A copy of a value to log, in which every value under a secret-looking key (at any depth, in
 * arrays, in header name/value lists and in the own properties of errors) is `[redacted]`.
 * Errors become pino's serialized form (type, message, stack with causes, own properties).
 */
export function redactSecrets(value: unknown): unknown {
  return walk(value, 0, new Set());
}

/** `redactSecrets` for the object form pino hands to its formatters. */
export function redactRecord(record: Record<string, unknown>): Record<string, unknown> {
  const out = redactSecrets(record);
  return typeof out === 'object' && out !== null && !Array.isArray(out) ? (out as Record<string, unknown>) : {};
}
