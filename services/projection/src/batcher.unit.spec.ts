import { createBatcher } from './batcher';

/** An apply whose batches are recorded and finish only when the test says so. */
function controlledApply() {
  const batches: number[][] = [];
  const pending: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  const apply = (items: number[]) => {
    batches.push(items);
    return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return {
    apply,
    batches,
    /** Finishes the oldest unfinished batch. */
    finish: () => pending.shift()!.resolve(),
    fail: (error: unknown) => pending.shift()!.reject(error),
  };
}

const settled = () => jest.advanceTimersByTimeAsync(0);

describe('createBatcher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends a batch maxWaitMs after its first item, or at once when it holds maxItems', async () => {
    const a = controlledApply();
    const batcher = createBatcher(a.apply, { maxItems: 3, maxWaitMs: 20 });
    void batcher.add(1);
    await jest.advanceTimersByTimeAsync(10);
    void batcher.add(2);
    await jest.advanceTimersByTimeAsync(9);
    expect(a.batches).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(a.batches).toEqual([[1, 2]]);
    a.finish();
    await settled();
    [3, 4, 5].forEach((n) => void batcher.add(n));
    await settled();
    expect(a.batches).toEqual([[1, 2], [3, 4, 5]]);
  });

  it('resolves each add once its batch is applied, and rejects it with the batch error', async () => {
    const a = controlledApply();
    const batcher = createBatcher(a.apply, { maxItems: 2, maxWaitMs: 20 });
    const first = [batcher.add(1), batcher.add(2)];
    const done = jest.fn();
    void Promise.all(first).then(done);
    await settled();
    expect(done).not.toHaveBeenCalled();
    a.finish();
    await settled();
    expect(done).toHaveBeenCalled();
    const failing = [batcher.add(3), batcher.add(4)];
    await settled();
    a.fail(new Error('postgres away'));
    await expect(Promise.all(failing)).rejects.toThrow('postgres away');
  });

  it('gathers what arrives during a batch into the next one, sent when that batch is done and its time is up', async () => {
    const a = controlledApply();
    const batcher = createBatcher(a.apply, { maxItems: 100, maxWaitMs: 20 });
    void batcher.add(1);
    await jest.advanceTimersByTimeAsync(20);
    expect(a.batches).toEqual([[1]]);
    for (let n = 2; n <= 6; n++) {
      void batcher.add(n);
      await jest.advanceTimersByTimeAsync(15);
    }
    // Well past the time of 2..6, but batch [1] is still being applied.
    expect(a.batches).toEqual([[1]]);
    a.finish();
    await settled();
    expect(a.batches).toEqual([[1], [2, 3, 4, 5, 6]]);
  });

  it('waits out maxWaitMs for items gathered during a batch that finished early', async () => {
    const a = controlledApply();
    const batcher = createBatcher(a.apply, { maxItems: 100, maxWaitMs: 20 });
    void batcher.add(1);
    await jest.advanceTimersByTimeAsync(20);
    void batcher.add(2);
    await jest.advanceTimersByTimeAsync(5);
    a.finish();
    await settled();
    expect(a.batches).toEqual([[1]]);
    await jest.advanceTimersByTimeAsync(15);
    expect(a.batches).toEqual([[1], [2]]);
  });

  it('drains a backlog in batches of maxItems, one after another, in order', async () => {
    const a = controlledApply();
    const batcher = createBatcher(a.apply, { maxItems: 3, maxWaitMs: 20 });
    for (let n = 1; n <= 10; n++) void batcher.add(n);
    await settled();
    expect(a.batches).toEqual([[1, 2, 3]]);
    for (let i = 0; i < 3; i++) {
      a.finish();
      await settled();
    }
    expect(a.batches).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10]]);
    a.finish();
    await jest.advanceTimersByTimeAsync(100);
    expect(a.batches).toHaveLength(4);
  });

  it('flush applies everything gathered after the running batch and resolves when all is applied', async () => {
    const a = controlledApply();
    const batcher = createBatcher(a.apply, { maxItems: 2, maxWaitMs: 1_000 });
    [1, 2, 3, 4, 5].forEach((n) => void batcher.add(n));
    const flushed = jest.fn();
    void batcher.flush().then(flushed);
    await settled();
    expect(a.batches).toEqual([[1, 2]]);
    a.finish();
    await settled();
    a.finish();
    await settled();
    expect(flushed).not.toHaveBeenCalled();
    expect(a.batches).toEqual([[1, 2], [3, 4], [5]]);
    a.finish();
    await settled();
    expect(flushed).toHaveBeenCalled();
    await expect(batcher.flush()).resolves.toBeUndefined();
    expect(a.batches).toHaveLength(3);
  });
});
