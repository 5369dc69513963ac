import { CONTEXTS } from '@mast/contracts';
import type { Context } from '@mast/contracts';

interface TrailRow {
  readonly eventId: string;
  readonly causationId: string | null;
  readonly ts: number;
  readonly stream: string;
  readonly seq: number;
}

/** A stream's place in the pipeline (`<NS>_MD` before `<NS>_SIG` ... before `<NS>_DLQ`); unknown streams last. */
function streamRank(stream: string): number {
  const rank = CONTEXTS.indexOf(stream.slice(stream.lastIndexOf('_') + 1).toLowerCase() as Context);
  return rank < 0 ? CONTEXTS.length : rank;
}

/**
 * Orders a correlation's events as they happened: by event time, then by how many causation links
 * lead back to the root (a fill after its order request), then by pipeline stage and stream
 * sequence. Events of one candle share their time, and streams have no order between them.
 */
export function causalOrder<R extends TrailRow>(rows: readonly R[]): R[] {
  const byId = new Map(rows.map((row) => [row.eventId, row]));
  const depths = new Map<string, number>();
  const depth = (row: R): number => {
    const known = depths.get(row.eventId);
    if (known !== undefined) return known;
    depths.set(row.eventId, 0); // a causation cycle (a broken log) stops here
    const cause = row.causationId === null ? undefined : byId.get(row.causationId);
    const value = cause === undefined || cause === row ? 0 : depth(cause) + 1;
    depths.set(row.eventId, value);
    return value;
  };
  return [...rows].sort((a, b) => a.ts - b.ts || depth(a) - depth(b) || streamRank(a.stream) - streamRank(b.stream) || (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0) || a.seq - b.seq);
}
