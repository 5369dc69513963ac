/**
 * Buffers for COPY data, handed back once Postgres has read them. A rebuild encodes ~100 MB of
 * COPY data; fresh buffers for all of it cost more than encoding into them did (each new buffer is
 * memory the process must map, and external memory that drives V8 to collect its whole heap).
 * Reused, a rebuild needs about two batches' worth.
 */
export class ChunkPool {
  private readonly free: Buffer[] = [];
  /** The free buffers' memory, so a chunk handed back twice is not handed out twice. */
  private readonly freeMemory = new WeakSet<ArrayBuffer>();

  constructor(
    readonly chunkBytes = 256 * 1024,
    /** Free buffers kept at most; more are left to the garbage collector. */
    private readonly maxFree = 128,
  ) {}

  /** A buffer of at least `bytes` (of `chunkBytes` unless more is asked for), contents undefined. */
  take(bytes: number): Buffer {
    if (bytes > this.chunkBytes) return Buffer.allocUnsafeSlow(bytes);
    const buffer = this.free.pop();
    if (!buffer) return Buffer.allocUnsafeSlow(this.chunkBytes);
    this.freeMemory.delete(buffer.buffer as ArrayBuffer);
    return buffer;
  }

  /**
   * Hands back chunks taken from `take` (whole buffers or their starts). Only once nothing reads
   * them any more: a COPY's chunks once the statement has completed, not after it failed.
   */
  give(chunks: readonly Buffer[]): void {
    for (const chunk of chunks) {
      const memory = chunk.buffer as ArrayBuffer;
      if (chunk.byteOffset !== 0 || memory.byteLength !== this.chunkBytes || this.freeMemory.has(memory)) continue;
      if (this.free.length >= this.maxFree) return;
      this.freeMemory.add(memory);
      this.free.push(Buffer.from(memory));
    }
  }
}
