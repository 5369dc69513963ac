import { seededRandom } from '@mast/contracts';
import type { ProjectionItem } from '../src/projection/projection-item';

/**
 * Batches as the projection service's consumers might hand them over: each stream in its own
 * order, streams interleaved at random, chunks of random size, and now and then the tail of a
 * stream's previous chunk delivered again (a redelivery after a lost ack).
 */
export function liveBatches(items: readonly ProjectionItem[], options: { seed: number; maxChunk: number; redeliverEvery?: number }): ProjectionItem[][] {
  const random = seededRandom(options.seed);
  const queues = new Map<string, ProjectionItem[]>();
  for (const item of items) {
    let queue = queues.get(item.stream);
    if (!queue) queues.set(item.stream, (queue = []));
    queue.push(item);
  }
  const positions = new Map([...queues.keys()].map((stream) => [stream, 0]));
  const batches: ProjectionItem[][] = [];
  const redeliverEvery = options.redeliverEvery ?? 0;
  while ([...queues].some(([stream, queue]) => positions.get(stream)! < queue.length)) {
    const open = [...queues.keys()].filter((stream) => positions.get(stream)! < queues.get(stream)!.length);
    const picked = open.filter(() => random() < 0.5);
    const streams = picked.length > 0 ? picked : [open[Math.floor(random() * open.length)]!];
    const batch: ProjectionItem[] = [];
    for (const stream of streams) {
      const queue = queues.get(stream)!;
      let at = positions.get(stream)!;
      const size = 1 + Math.floor(random() * options.maxChunk);
      if (redeliverEvery > 0 && at > 0 && random() < 1 / redeliverEvery) at = Math.max(0, at - 1 - Math.floor(random() * 3));
      const end = Math.min(queue.length, Math.max(at + size, positions.get(stream)! + 1));
      batch.push(...queue.slice(at, end));
      positions.set(stream, end);
    }
    batches.push(batch);
  }
  return batches;
}
