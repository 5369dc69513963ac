import type { FastifyReply } from 'fastify';
import { isInvalidCursorError, isInvalidQueryError } from '@mast/read-model';
import { problemTypes, sendProblem, type Problem } from '@mast/operator';
import type { z } from 'zod';

/**
 * The API's one error shape is the operator controls' RFC 9457 problem+json (same `type` URNs),
 * so a client handles a refused control and a bad query alike.
 */
export const queryProblemTypes = {
  ...problemTypes,
  readModelUnavailable: 'urn:mast:problem:read-model-unavailable',
  internal: 'about:blank',
} as const;

export { sendProblem };
export type { Problem };

/** A request that cannot be answered as asked; becomes a problem of its status. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}
export function isProblemError(error: unknown): error is ProblemError {
  return error instanceof ProblemError;
}

/** Every bad field of a request at once, each with its path (`query.limit`). */
export function invalidRequest(where: 'query' | 'path', error: z.ZodError): ProblemError {
  const errors = error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.code === 'unrecognized_keys' ? `unknown parameter(s): ${issue.keys.join(', ')}` : issue.message,
  }));
  return new ProblemError({ type: problemTypes.invalidInput, title: 'Invalid request', status: 400, detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors });
}

/** Errors of a database that is away (connection refused, cut, shutting down, too many clients). */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08006']);

export function isUnavailable(error: unknown): boolean {
  // drizzle wraps the driver's error in its own (`cause`); so can an AggregateError of several addresses.
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    const message = e instanceof Error ? e.message : '';
    if (/Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(message)) return true;
  }
  return false;
}

/** Maps any error a handler throws to the problem it answers with. */
export function toProblem(error: unknown): Problem {
  if (isProblemError(error)) return error.problem;
  if (isInvalidQueryError(error) || isInvalidCursorError(error)) {
    return { type: problemTypes.invalidInput, title: 'Invalid request', status: 400, detail: error.message };
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // fastify's own 4xx (a malformed URL, an unsupported media type): its message names the problem.
    return { type: problemTypes.invalidInput, title: 'Bad request', status, detail: (error as Error).message };
  }
  if (isUnavailable(error)) {
    return { type: queryProblemTypes.readModelUnavailable, title: 'Read model unavailable', status: 503, detail: 'the read model cannot be read right now; try again shortly' };
  }
  return { type: queryProblemTypes.internal, title: 'Internal error', status: 500, detail: 'the request could not be answered' };
}

export function replyProblem(reply: FastifyReply, error: unknown): FastifyReply {
  return sendProblem(reply, toProblem(error));
}
