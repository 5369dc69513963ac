import { dayString, decisionDay } from './days';

describe('days', () => {
  it('puts a decision on the day of the candle that made it', () => {
    const midnight = Date.UTC(2025, 4, 6);
    // The 23:59 candle closes at midnight: its decisions belong to the day before.
    expect(dayString(decisionDay(midnight))).toBe('2025-05-05');
    expect(dayString(decisionDay(midnight + 60_000))).toBe('2025-05-06');
    expect(dayString(decisionDay(midnight + 86_400_000))).toBe('2025-05-06');
  });
});
