/** A valid event that could not be stored: retries ran out, or the server refused it. */
export class PublishError extends Error {
  override readonly name = 'PublishError';
  constructor(
    readonly eventId: string,
    readonly subject: string,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(`publishing ${eventId} to ${subject} failed after ${attempts} attempt(s): ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
  }
}

export function isPublishError(error: unknown): error is PublishError {
  return error instanceof PublishError;
}
