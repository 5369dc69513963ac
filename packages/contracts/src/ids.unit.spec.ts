import fc from 'fast-check';
import { EVENT_TYPES } from './events/registry';
import { ORDER_LINK_ID_PATTERN } from './events/fields';
import { IdInputError, candleEventId, contentEventId, decisionId, orderRequestId, isIdInputError } from './ids';
import { ORDER_INTENTS } from './events/risk';
import { stableJson } from './stable-json';

const symbol = fc.stringMatching(/^[A-Z0-9]{1,32}$/);
const epochMs = fc.maxSafeNat();
const eventType = fc.constantFrom(...EVENT_TYPES);
const intent = fc.constantFrom(...ORDER_INTENTS);
const discriminator = fc.option(fc.oneof(fc.string({ minLength: 1 }), fc.nat()), { nil: undefined });

describe('candleEventId', () => {
  it('is the type, symbol and open time', () => {
    expect(candleEventId('BTCUSDT', 1_700_000_000_000)).toBe('CandleClosed:BTCUSDT:1700000000000');
  });

  it('is the same for the same candle and differs for any other', () => {
    fc.assert(
      fc.property(symbol, epochMs, symbol, epochMs, (s1, t1, s2, t2) => {
        expect(candleEventId(s1, t1)).toBe(candleEventId(s1, t1));
        expect(candleEventId(s1, t1) === candleEventId(s2, t2)).toBe(s1 === s2 && t1 === t2);
      }),
    );
  });

  it.each([
    ['BTC.USDT', 0],
    ['btcusdt', 0],
    ['BTC*', 0],
    ['BTCUSDT', -60_000],
    ['BTCUSDT', 1.5],
    ['BTCUSDT', Number.NaN],
  ])('refuses %p at %p', (s, ts) => {
    expect(() => candleEventId(s, ts)).toThrow(IdInputError);
  });
});

describe('decisionId', () => {
  it('reads as type, symbol (or * for the portfolio), T and discriminator', () => {
    expect(decisionId('EntrySignalled', 'ETHUSDT', 1_700_000_040_000)).toBe('EntrySignalled:ETHUSDT:1700000040000');
    expect(decisionId('SizeFactorChanged', null, 1_700_000_040_000, 'SOLUSDT')).toBe('SizeFactorChanged:*:1700000040000:SOLUSDT');
  });

  it('maps distinct causes to distinct ids, and one cause to one id', () => {
    const cause = fc.tuple(eventType, fc.option(symbol, { nil: null }), epochMs, discriminator);
    fc.assert(
      fc.property(cause, cause, (a, b) => {
        expect(decisionId(...a)).toBe(decisionId(...a));
        const sameDiscriminator = a[3] === undefined || b[3] === undefined ? a[3] === b[3] : String(a[3]) === String(b[3]);
        const same = a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && sameDiscriminator;
        expect(decisionId(...a) === decisionId(...b)).toBe(same);
      }),
      { numRuns: 500 },
    );
  });

  it('tells a cooldown rule apart at the same T', () => {
    expect(decisionId('CooldownStarted', 'BTCUSDT', 60_000, 'QUICK_EXIT')).not.toBe(decisionId('CooldownStarted', 'BTCUSDT', 60_000, 'LOSS_STREAK'));
  });

  it('refuses unknown types and empty discriminators', () => {
    expect(() => decisionId('Nope' as never, 'BTCUSDT', 0)).toThrow(/unknown event type/);
    expect(() => decisionId('EntryRejected', 'BTCUSDT', 0, '')).toThrow(IdInputError);
  });
});

describe('contentEventId', () => {
  it('does not depend on the order keys were written in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), epochMs, (data, ts) => {
        const reversed = Object.fromEntries(Object.entries(data).reverse());
        expect(contentEventId('FeedConnected', ts, reversed)).toBe(contentEventId('FeedConnected', ts, data));
      }),
    );
  });

  it('differs when the data, the time or the type differ', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), epochMs, (a, b, ts) => {
        fc.pre(stableJson(a) !== stableJson(b));
        expect(contentEventId('FeedConnected', ts, a)).not.toBe(contentEventId('FeedConnected', ts, b));
      }),
    );
    const data = { reason: 'start' };
    expect(contentEventId('FeedConnected', 0, data)).not.toBe(contentEventId('FeedConnected', 60_000, data));
    expect(contentEventId('FeedConnected', 0, data)).not.toBe(contentEventId('FeedDisconnected', 0, data));
  });
});

describe('orderRequestId', () => {
  it('is a valid Bybit orderLinkId for any cause, prefixed by its intent', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }), intent, fc.nat(1000), (cause, i, attempt) => {
        const id = orderRequestId(cause, i, attempt);
        expect(id).toMatch(ORDER_LINK_ID_PATTERN);
        expect(id.length).toBeLessThanOrEqual(36);
        expect(id.startsWith(i === 'OPEN' ? 'o-' : 'c-')).toBe(true);
        expect(orderRequestId(cause, i, attempt)).toBe(id);
      }),
    );
  });

  it('differs for a different cause, intent or attempt', () => {
    const request = fc.tuple(fc.string({ minLength: 1 }), intent, fc.nat(20));
    fc.assert(
      fc.property(request, request, (a, b) => {
        const same = a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
        expect(orderRequestId(...a) === orderRequestId(...b)).toBe(same);
      }),
      { numRuns: 500 },
    );
  });

  it('defaults to the first attempt and refuses what cannot be a cause', () => {
    expect(orderRequestId('EntrySignalled:BTCUSDT:60000', 'OPEN')).toBe(orderRequestId('EntrySignalled:BTCUSDT:60000', 'OPEN', 0));
    expect(() => orderRequestId('', 'OPEN')).toThrow(IdInputError);
    expect(() => orderRequestId('x', 'CLOSE', -1)).toThrow(IdInputError);
    expect(isIdInputError(new Error('x'))).toBe(false);
  });
});

describe('stableJson', () => {
  it('sorts keys at every depth and drops undefined members like JSON does', () => {
    expect(stableJson({ b: 1, a: { d: [2, { f: 1, e: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"f":1}]},"b":1}');
  });

  it('parses back to the same value as JSON.stringify', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => expect(JSON.parse(stableJson(value))).toEqual(JSON.parse(JSON.stringify(value)))));
  });
});
