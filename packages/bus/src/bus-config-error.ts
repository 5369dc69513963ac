/** Options that cannot work, refused when a bus part is built rather than when it is first used. */
export class BusConfigError extends Error {
  override readonly name = 'BusConfigError';
}

export function isBusConfigError(error: unknown): error is BusConfigError {
  return error instanceof BusConfigError;
}

export function requirePositiveInteger(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isSafeInteger(chosen) || chosen <= 0) throw new BusConfigError(`${name} must be a positive integer, was ${chosen}`);
  return chosen;
}
