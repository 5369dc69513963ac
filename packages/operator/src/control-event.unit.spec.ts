import { buildControlEvent, issuedBy } from './control-event';

const now = Date.UTC(2025, 4, 4, 12, 0, 30);
const issuer = { channel: 'telegram' as const, id: '555', name: '@alice' };

describe('buildControlEvent', () => {
  it.each([
    [{ action: 'pause', symbol: 'BTCUSDT' }, 'EntriesPaused', { symbol: 'BTCUSDT' }],
    [{ action: 'resume', symbol: null }, 'EntriesResumed', { symbol: null }],
    [{ action: 'flatten', symbol: 'ETHUSDT' }, 'FlattenRequested', { symbol: 'ETHUSDT' }],
    [{ action: 'halt' }, 'HaltRequested', {}],
    [{ action: 'resume-trading' }, 'TradingResumed', {}],
  ] as const)('%j becomes %s with who and why', (control, type, data) => {
    const event = buildControlEvent({ control, issuer, why: 'news', now });
    expect(event.type).toBe(type);
    expect(event.ts).toBe(now);
    expect(event.data).toEqual({ ...data, issuedBy: 'telegram:555 (@alice)', why: 'news' });
    // The same command at the same time is the same event (JetStream drops a resend).
    expect(buildControlEvent({ control, issuer, why: 'news', now }).id).toBe(event.id);
    expect(buildControlEvent({ control, issuer, why: 'news', now: now + 1 }).id).not.toBe(event.id);
  });

  it('names the channel first', () => {
    expect(issuedBy({ channel: 'http', id: 'ops-bot' })).toBe('http:ops-bot');
  });
});
