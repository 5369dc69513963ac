import { ChunkQueue } from './chunk-queue';

const chunk = (text: string) => Buffer.from(text);

async function drain(queue: ChunkQueue): Promise<string> {
  let text = '';
  for await (const piece of queue) text += piece.toString();
  return text;
}

describe('ChunkQueue', () => {
  it('gives the chunks in order as they are pushed, and ends when ended', async () => {
    const queue = new ChunkQueue();
    queue.push([chunk('a'), chunk('b')]);
    const read = drain(queue);
    await new Promise((resolve) => setImmediate(resolve));
    queue.push([]);
    queue.push([chunk('c')]);
    queue.end();
    expect(await read).toBe('abc');
    expect(queue.pushed().map(String)).toEqual(['a', 'b', 'c']);
  });

  it('fails a reader waiting for more, and one that comes later', async () => {
    const queue = new ChunkQueue();
    queue.push([chunk('a')]);
    const waiting = drain(queue);
    await new Promise((resolve) => setImmediate(resolve));
    queue.fail(new Error('fold failed'));
    await expect(waiting).rejects.toThrow('fold failed');
    await expect(drain(queue)).rejects.toThrow('fold failed');
  });
});
