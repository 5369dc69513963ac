import { DEFAULT_STRATEGY_CONFIG } from '@mast/contracts';
import { initialCooldownState, inCooldown, recordClosedTrade } from './cooldowns';

const MIN = 60_000;
const rules = DEFAULT_STRATEGY_CONFIG.cooldowns;

/** Closes trades [T, entryT, pnl] on one symbol (all on day 0 unless given) and returns the rules that fired per trade. */
function close(trades: [T: number, entryT: number, pnl: number, day?: number][]) {
  const state = initialCooldownState('BTCUSDT');
  const fired = trades.map(([T, entryT, pnl, day = 0]) => recordClosedTrade(state, T, day, entryT, pnl, rules).map((e) => e.rule));
  return { state, fired };
}

describe('quick exit: hold shorter than 60 min pauses 60 min', () => {
  it.each`
    hold   | fires
    ${59}  | ${true}
    ${60}  | ${false}
  `('hold $hold min -> $fires', ({ hold, fires }) => {
    const T = 1000 * MIN;
    const { state, fired } = close([[T, T - hold * MIN, 1]]);
    expect(fired[0]!.includes('QUICK_EXIT')).toBe(fires);
    expect(state.cooldownUntil).toBe(fires ? T + 60 * MIN : -Infinity);
  });
});

describe('loss streak: the 3rd losing trade in a row pauses 120 min and resets the count', () => {
  it('fires on the 3rd loss, a win resets, firing resets', () => {
    const long = 500 * MIN; // holds long enough not to trip the quick-exit rule
    const day = 86_400_000;
    const at = (k: number) => k * 5 * 60 * MIN; // 5 h apart: no hourly rule
    const { fired } = close([
      [at(1), at(1) - long, -1],
      [at(2), at(2) - long, -1],
      [at(3), at(3) - long, 0], // P&L >= 0 resets
      [at(4), at(4) - long, -1],
      [at(5), at(5) - long, -1],
      [at(6) + day, at(6) + day - long, -1, 1], // 3rd in a row
      [at(7) + day, at(7) + day - long, -1, 1], // count was reset by firing: 1st
      [at(8) + day, at(8) + day - long, -1, 1],
    ]);
    expect(fired.map((f) => f.includes('LOSS_STREAK'))).toEqual([false, false, false, false, false, true, false, false]);
  });
});

describe('high frequency: more than 5 trades closed in (T - 60 min, T] pauses 30 min', () => {
  it('counts this trade, excludes one exactly 60 min old', () => {
    const base = 10_000 * MIN;
    const held = (T: number): [number, number, number] => [T, T - 600 * MIN, 1];
    const { fired, state } = close([held(base), held(base + 10 * MIN), held(base + 20 * MIN), held(base + 30 * MIN), held(base + 40 * MIN), held(base + 60 * MIN), held(base + 61 * MIN)]);
    // at base + 60: the trade at base is exactly 60 min old and left the window: 5 trades, no pause
    expect(fired[5]!.includes('HOURLY')).toBe(false);
    // at base + 61: trades at +10..+61 are 6 in the window
    expect(fired[6]).toContain('HOURLY');
    expect(state.cooldownUntil).toBe(base + 61 * MIN + 30 * MIN);
  });
});

describe('daily cap: the 10th trade of the day pauses 240 min', () => {
  it('fires on the 10th and later trades of one day and restarts counting on the next day', () => {
    const day0 = 0;
    const trades: [number, number, number, number][] = [];
    for (let k = 1; k <= 11; k++) trades.push([k * 120 * MIN, k * 120 * MIN - 300 * MIN, 1, day0]);
    trades.push([86_400_000 + 120 * MIN, 86_400_000 - 300 * MIN, 1, 1]);
    const { fired } = close(trades);
    expect(fired.map((f) => f.includes('DAILY'))).toEqual([false, false, false, false, false, false, false, false, false, true, true, false]);
  });
});

describe('cooldownUntil = max(cooldownUntil, T + pause)', () => {
  it('a shorter pause never shortens a running cooldown, and the end is exclusive', () => {
    const state = initialCooldownState('ETHUSDT');
    const T = 100 * MIN;
    state.cooldownUntil = T + 500 * MIN;
    const events = recordClosedTrade(state, T, 0, T - 5 * MIN, 1, rules);
    expect(events).toEqual([{ type: 'CooldownStarted', symbol: 'ETHUSDT', T, rule: 'QUICK_EXIT', until: T + 500 * MIN }]);
    expect(inCooldown(state, T + 500 * MIN - 1)).toBe(true);
    expect(inCooldown(state, T + 500 * MIN)).toBe(false); // a cooldown ending exactly at T allows the entry
  });
});
