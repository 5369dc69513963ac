/** Another holder has the lease and it has not expired. */
export class LeaseHeldError extends Error {
  override readonly name = 'LeaseHeldError';
  constructor(
    readonly key: string,
    readonly holderId: string,
    /** Epoch ms, by the holder's clock. */
    readonly expiresAt: number,
  ) {
    super(`lease ${key} is held by ${holderId} until ${new Date(expiresAt).toISOString()}`);
  }
}

export function isLeaseHeldError(error: unknown): error is LeaseHeldError {
  return error instanceof LeaseHeldError;
}

/** The lease is no longer ours: taken over after it expired, deleted, or not renewed in time. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(
    readonly key: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`lease ${key} lost: ${reason}`, options);
  }
}

export function isLeaseLostError(error: unknown): error is LeaseLostError {
  return error instanceof LeaseLostError;
}
