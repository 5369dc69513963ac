/** A query argument out of range or malformed (a day that is not YYYY-MM-DD, a limit of 0). */
export class InvalidQueryError extends Error {
  override readonly name = 'InvalidQueryError';
}
export function isInvalidQueryError(error: unknown): error is InvalidQueryError {
  return error instanceof InvalidQueryError;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function checkDay(name: string, day: string): string {
  if (!DAY_PATTERN.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
    throw new InvalidQueryError(`${name} must be a UTC day YYYY-MM-DD, was ${JSON.stringify(day)}`);
  }
  return day;
}

export function checkLimit(limit: number | undefined, fallback: number, max: number): number {
  const value = limit ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) throw new InvalidQueryError(`limit must be an integer 1..${max}, was ${value}`);
  return value;
}
