import fc from 'fast-check';
import { MinuteRuns } from './minute-runs';

const M = 60_000;

describe('MinuteRuns', () => {
  it('keeps consecutive minutes as one run and tells repeats from new minutes', () => {
    const runs = new MinuteRuns();
    for (let i = 0; i < 100; i++) expect(runs.add(i * M)).toBe(true);
    expect(runs.runs).toBe(1);
    expect(runs.add(50 * M)).toBe(false);
    expect(runs.add(200 * M)).toBe(true);
    expect(runs.runs).toBe(2);
    // Filling the gap joins the two runs.
    for (let i = 100; i < 200; i++) runs.add(i * M);
    expect(runs.runs).toBe(1);
    expect(runs.has(150 * M)).toBe(true);
    expect(runs.has(201 * M)).toBe(false);
  });

  it('agrees with a set of minutes for any order of additions', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 400 }), fc.array(fc.integer({ min: -5, max: 305 }), { maxLength: 50 }), (added, probes) => {
        const runs = new MinuteRuns();
        const set = new Set<number>();
        for (const minute of added) {
          expect(runs.add(minute * M)).toBe(!set.has(minute));
          set.add(minute);
        }
        for (const minute of probes) expect(runs.has(minute * M)).toBe(set.has(minute));
      }),
    );
  });
});
