import { decodeTradeCursor, encodeTradeCursor, InvalidCursorError } from './trade-cursor';

describe('trade cursors', () => {
  it.each([
    { exitTs: 0, seq: 1 },
    { exitTs: 1_746_399_060_000, seq: 123_456 },
  ])('round-trips %o', (cursor) => {
    expect(decodeTradeCursor(encodeTradeCursor(cursor))).toEqual(cursor);
  });

  it.each(['', 'abc', Buffer.from('1.2.3').toString('base64url'), Buffer.from('-1.2').toString('base64url'), Buffer.from('99999999999999999.1').toString('base64url')])('refuses %j', (text) => {
    expect(() => decodeTradeCursor(text)).toThrow(InvalidCursorError);
  });
});
