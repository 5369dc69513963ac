import { SYMBOL_PATTERN } from './events/fields';

/**
 * Subject tokens. A token never holds `.`, spaces or the wildcards `*` and `>`, or a subject would
 * silently mean another subject (or a filter) and messages would go astray.
 */

/**
 * A namespace: lower-case letters, digits and `-`, starting with a letter (`live`, `paper`,
 * `replay-7f3a`). No upper case and no `_`, so that the stream name (upper case, `-` as `_`)
 * maps back to exactly one namespace.
 */
export const NAMESPACE_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** In place of a symbol or stream token, builds a filter over all of them (`<ns>.md.candle.*`). */
export const ANY = '*';
export type Any = typeof ANY;

export class SubjectTokenError extends Error {
  override readonly name = 'SubjectTokenError';
  constructor(
    readonly kind: 'namespace' | 'symbol' | 'stream' | 'token',
    readonly value: unknown,
  ) {
    super(`invalid ${kind} for a subject: ${JSON.stringify(value)}${kind === 'namespace' ? ' (expected lower-case letters, digits and -, such as live or replay-1)' : ''}`);
  }
}

export function isSubjectTokenError(error: unknown): error is SubjectTokenError {
  return error instanceof SubjectTokenError;
}

export function isValidNamespace(ns: unknown): ns is string {
  return typeof ns === 'string' && NAMESPACE_PATTERN.test(ns);
}

export function assertNamespace(ns: unknown): asserts ns is string {
  if (!isValidNamespace(ns)) throw new SubjectTokenError('namespace', ns);
}

export function symbolToken(symbol: string): string {
  if (symbol !== ANY && !SYMBOL_PATTERN.test(symbol)) throw new SubjectTokenError('symbol', symbol);
  return symbol;
}

const STREAM_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;
export function streamToken(stream: string): string {
  if (stream !== ANY && !STREAM_TOKEN.test(stream)) throw new SubjectTokenError('stream', stream);
  return stream;
}

const WORD_TOKEN = /^[a-z][a-z0-9-]*$/;
export function wordToken(token: string): string {
  if (!WORD_TOKEN.test(token)) throw new SubjectTokenError('token', token);
  return token;
}
