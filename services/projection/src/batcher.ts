/**
 * Gathers items handed over one by one (one per JetStream message) into batches for one
 * transaction each: a batch goes when it holds `maxItems` or `maxWaitMs` after its first item.
 * Each `add` resolves when the batch holding its item was applied, so the message is
 * acknowledged only after its rows are committed.
 */
export interface Batcher<T> {
  add(item: T): Promise<void>;
  flush(): Promise<void>;
}

export function createBatcher<T>(apply: (items: T[]) => Promise<void>, options: { readonly maxItems: number; readonly maxWaitMs: number }): Batcher<T> {
  let items: T[] = [];
  let waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (items.length === 0) return chain;
    const batch = items;
    const settle = waiters;
    items = [];
    waiters = [];
    // Batches apply one after another, in the order they were gathered.
    chain = chain.then(() =>
      apply(batch).then(
        () => settle.forEach((w) => w.resolve()),
        (error: unknown) => settle.forEach((w) => w.reject(error)),
      ),
    );
    return chain;
  };

  return {
    add(item) {
      items.push(item);
      const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      if (items.length >= options.maxItems) void flush();
      else timer ??= setTimeout(() => void flush(), options.maxWaitMs);
      return done;
    },
    flush,
  };
}
