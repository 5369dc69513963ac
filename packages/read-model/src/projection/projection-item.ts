import type { MastEvent } from '@mast/contracts';

/** One parsed event as the projection service got it from JetStream. */
export interface ProjectionItem {
  readonly event: MastEvent;
  /** The JetStream stream it was read from, e.g. `LIVE_EXEC`. */
  readonly stream: string;
  /** Its stream sequence (positive). */
  readonly seq: number;
}

export class InvalidProjectionItemError extends Error {
  override readonly name = 'InvalidProjectionItemError';
}
export function isInvalidProjectionItemError(error: unknown): error is InvalidProjectionItemError {
  return error instanceof InvalidProjectionItemError;
}

/** A bad stream or sequence is a bug in the caller: refuse the batch before touching anything. */
export function checkItems(items: readonly ProjectionItem[]): void {
  items.forEach((item, index) => {
    if (typeof item.stream !== 'string' || item.stream.length === 0) throw new InvalidProjectionItemError(`item ${index}: stream must be a non-empty string`);
    if (!Number.isSafeInteger(item.seq) || item.seq < 1) throw new InvalidProjectionItemError(`item ${index} (${item.stream}): seq must be a positive integer, was ${item.seq}`);
    if (typeof item.event !== 'object' || item.event === null || typeof item.event.id !== 'string') throw new InvalidProjectionItemError(`item ${index} (${item.stream} #${item.seq}): not a parsed event`);
  });
}
