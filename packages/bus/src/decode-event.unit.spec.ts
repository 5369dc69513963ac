import { makeEvent } from '@mast/contracts';
import { decodeEvent } from './decode-event';

const encode = (text: string) => new TextEncoder().encode(text);
const halt = makeEvent('HaltRequested', { ts: 1_700_000_000_000, source: 'test', data: { issuedBy: 'op', why: 'drill' } });

describe('decodeEvent', () => {
  it('returns the event of a valid payload', () => {
    expect(decodeEvent(encode(JSON.stringify(halt)))).toEqual({ ok: true, event: halt });
  });

  it.each([
    ['not JSON', encode('{nope'), 'invalid_json'],
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), 'invalid_json'],
    ['empty', new Uint8Array(), 'invalid_json'],
    ['JSON but not an event', encode('[1,2]'), 'invalid_event'],
    ['an unknown type', encode(JSON.stringify({ ...halt, type: 'Nope' })), 'invalid_event'],
    ['a bad field', encode(JSON.stringify({ ...halt, data: { issuedBy: '', why: 'x' } })), 'invalid_event'],
  ])('reports %s as %s', (_what, payload, kind) => {
    const result = decodeEvent(payload);
    expect(result.ok ? 'ok' : result.kind).toBe(kind);
    expect(result.ok ? '' : result.reason.length).toBeGreaterThan(0);
  });
});
