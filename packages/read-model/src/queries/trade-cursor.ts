/**
 * Trades page by keyset on their close order (exit_ts, seq): a cursor is the last row's pair,
 * opaque to callers, so paging stays stable while new trades arrive.
 */

export interface TradeCursor {
  readonly exitTs: number;
  readonly seq: number;
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}
export function isInvalidCursorError(error: unknown): error is InvalidCursorError {
  return error instanceof InvalidCursorError;
}

export function encodeTradeCursor(cursor: TradeCursor): string {
  return Buffer.from(`${cursor.exitTs}.${cursor.seq}`, 'utf8').toString('base64url');
}

export function decodeTradeCursor(text: string): TradeCursor {
  const match = /^(\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) throw new InvalidCursorError(`not a trades cursor: ${JSON.stringify(text)}`);
  const exitTs = Number(match[1]);
  const seq = Number(match[2]);
  if (!Number.isSafeInteger(exitTs) || !Number.isSafeInteger(seq)) throw new InvalidCursorError(`not a trades cursor: ${JSON.stringify(text)}`);
  return { exitTs, seq };
}
