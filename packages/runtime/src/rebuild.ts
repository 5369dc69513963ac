import { readStream, type Bus, type StreamEntry } from '@mast/bus';

/**
 * The last stream sequence a durable consumer has acknowledged: everything up to it was handled
 * (and its outputs published) before the service last stopped. 0 when nothing was.
 */
export async function ackFloor(bus: Bus, stream: string, consumer: string): Promise<number> {
  const info = await bus.jsm.consumers.info(stream, consumer);
  return info.ack_floor.stream_seq;
}

/** Feeds `apply` every event of `stream` (optionally filtered) up to `untilSeq`, in order; returns how many. */
export async function replayStream(bus: Bus, stream: string, filterSubject: string | undefined, untilSeq: number, apply: (entry: StreamEntry) => void): Promise<number> {
  if (untilSeq < 1) return 0;
  let count = 0;
  for await (const entry of readStream(bus, { stream, untilSeq, ...(filterSubject ? { filterSubject } : {}) })) {
    apply(entry);
    count++;
  }
  return count;
}
