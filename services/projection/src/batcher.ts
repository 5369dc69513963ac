/**
 * Gathers items handed over one by one (one per JetStream message) into batches for one
 * transaction each: a batch goes when it holds `maxItems` or `maxWaitMs` after its first item,
 * and never before the previous batch was applied. Each `add` resolves when the batch holding its
 * item was applied, so the message is acknowledged only after its rows are committed.
 *
 * While a batch is being applied, what arrives is gathered into the next one, not cut into small
 * batches queued behind it; a backlog of more than `maxItems` goes in batches of `maxItems`, one
 * right after another. When Postgres is slower than the stream each transaction carries more, so
 * the backlog drains. With a queue of small transactions every item waited out the whole queue
 * (half a second and more in lockstep), long enough for V8 to move the messages and their parsed
 * events to the old generation, where they stay until a full collection: the projection's peak
 * RSS grew with the backlog.
 */
export interface Batcher<T> {
  add(item: T): Promise<void>;
  /** Applies everything gathered, after the batch being applied; resolves when all are done. */
  flush(): Promise<void>;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export function createBatcher<T>(apply: (items: T[]) => Promise<void>, options: { readonly maxItems: number; readonly maxWaitMs: number }): Batcher<T> {
  const items: T[] = [];
  const waiters: Waiter[] = [];
  let timer: NodeJS.Timeout | undefined;
  /** The batch being applied; settles (never rejects) once its waiters are settled. */
  let running: Promise<void> | undefined;
  /** Whether the gathered items' time or size was up while a batch was being applied. */
  let due = false;

  const cut = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const batch = items.splice(0, options.maxItems);
    const settle = waiters.splice(0, batch.length);
    due = due && items.length > 0;
    running = apply(batch)
      .then(
        () => settle.forEach((w) => w.resolve()),
        (error: unknown) => settle.forEach((w) => w.reject(error)),
      )
      .then(() => {
        running = undefined;
        if (items.length === 0) return;
        if (due || items.length >= options.maxItems) cut();
        else timer ??= setTimeout(send, options.maxWaitMs);
      });
  };
  /** The gathered items' time or size is up: they go now, or as soon as the running batch is done. */
  const send = (): void => {
    if (items.length === 0) return;
    if (running === undefined) cut();
    else due = true;
  };

  return {
    add(item) {
      items.push(item);
      const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      if (items.length >= options.maxItems) send();
      else timer ??= setTimeout(send, options.maxWaitMs);
      return done;
    },
    async flush() {
      send();
      while (running !== undefined) {
        await running;
        send();
      }
    },
  };
}
