import fc from 'fast-check';
import { eventFromDecision, resolveStrategyConfig } from '@mast/contracts';
import type { CoreEvent } from '../src/events';
import { runFold } from '../src/fold';
import { candleSet, smallConfig } from './arbitraries';
import { columns } from './kit';
import { loadSample } from './reference/load-sample';

/**
 * Every decision the core makes must be publishable: wrapped 1:1 in the contracts' envelope it
 * validates against the zod schema consumers use. A drift between events.ts and the contracts
 * (a renamed field, a null where a number is expected) fails here.
 */
function publishAll(events: CoreEvent[]): Set<string> {
  const types = new Set<string>();
  for (const event of events) {
    expect(() => eventFromDecision(event as Parameters<typeof eventFromDecision>[0], { source: 'core-test' })).not.toThrow();
    types.add(event.type);
  }
  return types;
}

describe('decisions validate against the contracts', () => {
  it('on the sample with a config that reaches most rules', () => {
    const config = resolveStrategyConfig({ ema: { fast: 5, slow: 13 }, entry: { windowMinutes: 15, maxCrosses24h: 200 } });
    const events: CoreEvent[] = [];
    runFold(columns(config.symbols, loadSample(config.symbols, { toTs: Date.UTC(2025, 4, 25) })), config, { onEvent: (e) => events.push(e) });
    const types = publishAll(events);
    expect([...types].sort()).toEqual(expect.arrayContaining(['EmaCrossed', 'RegimeChanged', 'EntrySignalled', 'EntryRejected', 'PositionOpened', 'PositionClosed', 'CooldownStarted']));
  });

  it('on random markets and configs', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(candleSet, smallConfig, (cols, config) => {
        const events: CoreEvent[] = [];
        runFold(cols, config, { onEvent: (e) => events.push(e) });
        for (const type of publishAll(events)) seen.add(type);
      }),
      // A fixed seed: the count below is about this generator reaching most decision types, and
      // it must not depend on the luck of a run.
      { numRuns: 150, seed: 20261125 },
    );
    expect(seen.size).toBeGreaterThanOrEqual(10);
  });
});
