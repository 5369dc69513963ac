import { formatDuration, formatMoney, formatNumber, formatPct, formatRatio, formatSignedMoney, formatTime, MISSING } from './format';

describe('format', () => {
  it('formats money, signs and percentages', () => {
    expect(formatMoney(1234.5)).toBe('1,234.50');
    expect(formatSignedMoney(1234.5)).toBe('+1,234.50');
    expect(formatSignedMoney(-0.004)).toBe('0.00');
    expect(formatSignedMoney(-12.2)).toBe('−12.20');
    expect(formatPct(0.12345)).toBe('12.35%');
    expect(formatPct(0.05, true)).toBe('+5.00%');
    expect(formatPct(-0.1, false, 1)).toBe('−10.0%');
    expect(formatRatio(-3.349)).toBe('−3.35');
    expect(formatNumber(2102400)).toBe('2,102,400');
    expect(formatNumber(0.1234567, 6)).toBe('0.123457');
  });

  it('prints a dash for undefined figures', () => {
    for (const f of [formatMoney, formatSignedMoney, formatPct, formatRatio, formatNumber, formatDuration]) {
      expect(f(null)).toBe(MISSING);
    }
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe(MISSING);
  });

  it('formats durations and UTC times', () => {
    expect(formatDuration(45)).toBe('45m');
    expect(formatDuration(200)).toBe('3h 20m');
    expect(formatDuration(3120)).toBe('2d 4h');
    expect(formatTime(Date.UTC(2025, 4, 10, 12, 34, 56))).toBe('2025-05-10 12:34');
    expect(formatTime('2025-05-10T12:34:56.000Z')).toBe('2025-05-10 12:34');
  });
});
