import { streamForEvent } from '@mast/contracts';
import type { MastEvent } from '@mast/contracts';
import type { ProjectionItem } from '../src/projection/projection-item';

/** Puts events on the streams their types are routed to, numbering each stream from 1 in order. */
export function onTheirStreams(ns: string, events: readonly MastEvent[]): ProjectionItem[] {
  const seqs = new Map<string, number>();
  return events.map((event) => {
    const stream = streamForEvent(ns, event.type);
    const seq = (seqs.get(stream) ?? 0) + 1;
    seqs.set(stream, seq);
    return { event, stream, seq };
  });
}

/** The same log for another namespace: stream names (`<NS>_<CONTEXT>`) carry the namespace. */
export function forNamespace(items: readonly ProjectionItem[], ns: string): ProjectionItem[] {
  const prefix = ns.toUpperCase().replace(/-/g, '_');
  return items.map((item) => ({ ...item, stream: `${prefix}_${item.stream.slice(item.stream.lastIndexOf('_') + 1)}` }));
}
