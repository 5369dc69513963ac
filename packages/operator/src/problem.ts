import type { FastifyReply } from 'fastify';

/** RFC 9457 problem details, the one error shape of the HTTP API. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** Every bad field at once, for a 400. */
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

export const problemTypes = {
  unauthorized: 'urn:mast:problem:unauthorized',
  invalidInput: 'urn:mast:problem:invalid-input',
  notFound: 'urn:mast:problem:not-found',
  unavailable: 'urn:mast:problem:bus-unavailable',
} as const;
