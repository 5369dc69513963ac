/**
 * Thrown by a handler for a message it can never handle (a broken invariant, not a passing
 * outage): the consumer dead-letters it at once instead of retrying it up to max_deliver.
 */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
}

export function isPoisonMessageError(error: unknown): error is PoisonMessageError {
  return error instanceof PoisonMessageError;
}
