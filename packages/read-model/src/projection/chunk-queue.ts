/**
 * COPY data handed from the encoder to the COPY as it is made, so that a batch's COPY starts while
 * the batch is still being folded: Postgres works instead of waiting for the whole batch.
 */
export class ChunkQueue implements AsyncIterable<Buffer> {
  private readonly chunks: Buffer[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  private failure: { readonly error: unknown } | undefined;

  push(chunks: readonly Buffer[]): void {
    for (const chunk of chunks) this.chunks.push(chunk);
    this.notify();
  }

  /** No more chunks: the COPY reads to here and completes. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  /** The data will not be complete: the COPY fails with `error` (and its transaction with it). */
  fail(error: unknown): void {
    this.failure = { error };
    this.notify();
  }

  /** Every chunk pushed, to hand back to their pool once the COPY has completed. */
  pushed(): readonly Buffer[] {
    return this.chunks;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (let next = 0; ; ) {
      if (this.failure) throw this.failure.error;
      if (next < this.chunks.length) yield this.chunks[next++]!;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
