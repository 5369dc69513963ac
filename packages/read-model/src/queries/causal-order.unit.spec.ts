import { causalOrder } from './causal-order';

const row = (eventId: string, causationId: string | null, stream: string, seq: number, ts = 1_000) => ({ eventId, causationId, stream, seq, ts });

describe('causalOrder', () => {
  it('puts causes before effects at the same time, whatever the streams\' names', () => {
    const rows = [
      row('position', 'fill', 'LIVE_EXEC', 9),
      row('fill', 'accepted', 'LIVE_EXEC', 8),
      row('accepted', 'request', 'LIVE_EXEC', 7),
      row('request', 'candle', 'LIVE_RISK', 3),
      row('assessed', 'candle', 'LIVE_SIG', 5),
      row('candle', null, 'LIVE_MD', 2),
    ];
    expect(causalOrder(rows).map((r) => r.eventId)).toEqual(['candle', 'assessed', 'request', 'accepted', 'fill', 'position']);
  });

  it('orders by time first, and survives a causation cycle', () => {
    const rows = [row('b', 'a', 'X_RISK', 1, 2_000), row('a', 'b', 'X_SIG', 1, 1_000), row('c', 'c', 'X_MD', 1, 1_000)];
    expect(causalOrder(rows).map((r) => r.eventId)).toEqual(['c', 'a', 'b']);
  });
});
