/**
 * A candle file that cannot be used as it is. Carries where the problem is (file, 1-based line,
 * column name) so the CLI can print one precise line and exit 2 instead of trading on bad data.
 */
export class CandleFileError extends Error {
  override readonly name = 'CandleFileError';
  constructor(
    readonly file: string,
    /** 1-based line number (the header is line 1); null when the problem is the file as a whole. */
    readonly line: number | null,
    /** Column name (`ts`, `open`, ...) when one field is at fault, else null. */
    readonly field: string | null,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}${line === null ? '' : `:${line}`}${field === null ? '' : ` (${field})`}: ${reason}`, options);
  }
}

export function isCandleFileError(error: unknown): error is CandleFileError {
  return error instanceof CandleFileError;
}
