import fc from 'fast-check';
import { addCandles, emptySequence, holeOf, skipHole } from './candle-sequencer';
import type { CandleSequence } from './candle-sequencer';
import type { ClosedCandle } from './closed-candle';

const M = 60_000;
const T0 = 1_700_000_040_000 - (1_700_000_040_000 % M);
const at = (minute: number, close = 100 + minute): ClosedCandle => ({ symbol: 'BTCUSDT', ts: T0 + minute * M, open: close, high: close, low: close, close, volume: 1 });
const minutes = (cs: readonly ClosedCandle[]): number[] => cs.map((c) => (c.ts - T0) / M);
const seqAfter = (lastMinute: number): CandleSequence => emptySequence(T0 + (lastMinute + 1) * M);

/** Feeds batches one after another, as a stream would, and collects what comes out. */
function run(start: CandleSequence, batches: readonly (readonly ClosedCandle[])[]) {
  let sequence = start;
  const emitted: ClosedCandle[] = [];
  let dropped = 0;
  for (const batch of batches) {
    const step = addCandles(sequence, batch);
    sequence = step.sequence;
    emitted.push(...step.emitted);
    dropped += step.dropped;
  }
  return { sequence, emitted, dropped };
}

describe('candle sequencer', () => {
  it.each([
    {
      name: 'in-order live candles pass straight through',
      start: seqAfter(-1),
      batches: [[at(0)], [at(1)], [at(2)]],
      emitted: [0, 1, 2],
      pending: [],
      dropped: 0,
    },
    {
      name: 'reconnect gap: live candle after a hole waits, the backfill fills the hole',
      start: seqAfter(2),
      batches: [[at(6)], [at(3), at(4), at(5), at(6)]],
      emitted: [3, 4, 5, 6],
      pending: [],
      dropped: 1, // the backfill's copy of minute 6
    },
    {
      name: 'overlap: a backfill that repeats already-emitted candles adds nothing twice',
      start: seqAfter(-1),
      batches: [[at(0)], [at(1)], [at(0), at(1), at(2)]],
      emitted: [0, 1, 2],
      pending: [],
      dropped: 2,
    },
    {
      name: 'duplicates: the same push twice, and twice in one batch',
      start: seqAfter(-1),
      batches: [[at(0)], [at(0)], [at(1), at(1)]],
      emitted: [0, 1],
      pending: [],
      dropped: 2,
    },
    {
      name: 'out-of-order: a later candle first, then the earlier one',
      start: seqAfter(-1),
      batches: [[at(0)], [at(2)], [at(1)]],
      emitted: [0, 1, 2],
      pending: [],
      dropped: 0,
    },
    {
      name: 'late: a candle older than the last emitted is dropped',
      start: seqAfter(4),
      batches: [[at(3)], [at(5)]],
      emitted: [5],
      pending: [],
      dropped: 1,
    },
    {
      name: 'an unfilled hole keeps later candles pending',
      start: seqAfter(0),
      batches: [[at(3)], [at(4)]],
      emitted: [],
      pending: [3, 4],
      dropped: 0,
    },
    {
      name: 'a fresh stream starts at the first candle it sees',
      start: emptySequence(),
      batches: [[at(7), at(8)]],
      emitted: [7, 8],
      pending: [],
      dropped: 0,
    },
  ])('$name', ({ start, batches, emitted, pending, dropped }) => {
    const result = run(start, batches);
    expect(minutes(result.emitted)).toEqual(emitted);
    expect(minutes(result.sequence.pending)).toEqual(pending);
    expect(result.dropped).toBe(dropped);
  });

  it('drops a candle whose ts is not on a minute boundary', () => {
    const odd = { ...at(0), ts: T0 + 1 };
    expect(addCandles(seqAfter(-1), [odd])).toMatchObject({ emitted: [], dropped: 1 });
  });

  it('holeOf names the missing minutes; skipHole moves past them', () => {
    const { sequence } = run(seqAfter(0), [[at(3), at(4)]]);
    expect(holeOf('BTCUSDT', sequence)).toEqual({ symbol: 'BTCUSDT', fromTs: T0 + M, toTs: T0 + 2 * M });
    const skipped = skipHole('BTCUSDT', sequence);
    expect(skipped.gap).toEqual({ symbol: 'BTCUSDT', fromTs: T0 + M, toTs: T0 + 2 * M });
    expect(minutes(skipped.emitted)).toEqual([3, 4]);
    expect(skipped.sequence).toEqual({ nextTs: T0 + 5 * M, pending: [] });
    expect(holeOf('BTCUSDT', skipped.sequence)).toBeUndefined();
    expect(skipHole('BTCUSDT', skipped.sequence).gap).toBeUndefined();
  });

  it('property: any interleaving of live pushes (lossy, repeated, shuffled) plus one full backfill gives every minute once, in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.nat({ max: 39 }), { maxLength: 80 }),
        fc.nat({ max: 80 }),
        (count, liveMinutes, backfillAt) => {
          const live = liveMinutes.filter((m) => m < count).map((m) => [at(m)]);
          const backfill = Array.from({ length: count }, (_, m) => at(m)).reverse();
          const position = Math.min(backfillAt, live.length);
          const batches = [...live.slice(0, position), backfill, ...live.slice(position)];
          const { emitted, sequence } = run(seqAfter(-1), batches);
          const ts = emitted.map((c) => c.ts);
          expect(minutes(emitted)).toEqual(Array.from({ length: count }, (_, m) => m));
          expect(new Set(ts).size).toBe(ts.length);
          expect(sequence.pending).toEqual([]);
        },
      ),
    );
  });
});
