import { describeIssues, klineFrameSchema } from './frames';

const kline = { start: 1_700_000_040_000, end: 1_700_000_099_999, interval: '1', open: '42000.5', high: '42100', low: '41900.1', close: '42050', volume: '12.345', confirm: true, timestamp: 1_700_000_050_000 };
const frameWith = (fields: Record<string, unknown>) => ({ topic: 'kline.1.BTCUSDT', type: 'snapshot', ts: 1_700_000_050_000, data: [{ ...kline, ...fields }] });

describe('kline frames (BYBIT_V5.md §5): checked, the same rules as the other frames\' decimals and millis', () => {
  it.each([
    ['decimal strings', {}],
    ['plain numbers', { open: 42000.5, volume: 0 }],
    ['millis as digit strings', { start: '1700000040000', timestamp: '1700000050000' }],
    ['no optional end or timestamp', { end: undefined, timestamp: undefined }],
  ])('accepts %s', (_name, fields) => {
    const parsed = klineFrameSchema.safeParse(frameWith(fields));
    expect(parsed.success).toBe(true);
  });

  it.each([
    ['an empty decimal', { open: '' }, 'data.0.open: not a number: ""'],
    ['a decimal that is not a number', { high: 'abc' }, 'data.0.high: not a number: "abc"'],
    ['a decimal beyond a double', { close: '1e400' }, 'data.0.close: not a number: "1e400"'],
    ['a decimal of the wrong type', { low: null }, 'data.0.low: Invalid input'],
    ['millis that are not digits', { start: '17e11' }, 'data.0.start: Invalid string: must match pattern /^\\d+$/'],
    ['another interval', { interval: '5' }, 'data.0.interval: Invalid input: expected "1"'],
  ])('rejects %s, saying which field', (_name, fields, issue) => {
    const parsed = klineFrameSchema.safeParse(frameWith(fields));
    expect(parsed.success).toBe(false);
    expect(describeIssues(parsed.error!)).toBe(issue);
  });

  it('rejects a frame without candles', () => {
    expect(klineFrameSchema.safeParse({ topic: 'kline.1.BTCUSDT', data: [] }).success).toBe(false);
  });
});
