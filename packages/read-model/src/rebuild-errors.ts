/** Another rebuild of the same namespace holds the rebuild lock. */
export class RebuildInProgressError extends Error {
  override readonly name = 'RebuildInProgressError';
}
export function isRebuildInProgressError(error: unknown): error is RebuildInProgressError {
  return error instanceof RebuildInProgressError;
}

/**
 * The live schema has applied events the rebuild has not (its checkpoints are ahead): swapping
 * would lose them, so the rebuild is dropped instead. Pause the live consumers during a rebuild,
 * or feed the rebuild up to the live checkpoints.
 */
export class RebuildBehindLiveError extends Error {
  override readonly name = 'RebuildBehindLiveError';
  constructor(readonly behind: readonly { readonly consumer: string; readonly stream: string; readonly live: number; readonly rebuilt: number }[]) {
    super(`the rebuild is behind live on ${behind.map((b) => `${b.consumer}/${b.stream} (live ${b.live}, rebuilt ${b.rebuilt})`).join(', ')}`);
  }
}
export function isRebuildBehindLiveError(error: unknown): error is RebuildBehindLiveError {
  return error instanceof RebuildBehindLiveError;
}
