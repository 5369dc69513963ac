import { PubHeaders } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { makeEvent } from '@mast/contracts';
import type { MastEvent } from '@mast/contracts';
import { candle } from '../test/nats-test-kit';
import { eventHeaders, MastHeaders } from './headers';

/** The headers as nats.js builds them through `set`, in the order the publisher used to set them. */
function throughSet(event: MastEvent, stream: string) {
  const h = natsHeaders();
  h.set(MastHeaders.Type, event.type);
  if (event.correlationId !== null) h.set(MastHeaders.CorrelationId, event.correlationId);
  if (event.causationId !== null) h.set(MastHeaders.CausationId, event.causationId);
  h.set(PubHeaders.MsgIdHdr, event.id);
  h.set(PubHeaders.ExpectedStreamHdr, stream);
  return h;
}

const errorOf = (build: () => unknown): unknown => {
  try {
    build();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('eventHeaders', () => {
  const linked = makeEvent('HaltRequested', { ts: 1_700_000_000_000, source: 'test', causationId: 'cause-1', correlationId: ' corr-1 ', data: { issuedBy: 'op', why: 'drill' } });

  it.each([
    ['an event without links', candle('BTCUSDT', 1)],
    ['an event with causation and correlation (a padded value is trimmed, as set trims it)', linked],
  ])('writes the same header bytes as nats.js set() for %s', (_what, event) => {
    const ours = eventHeaders(event, 'MAST_live_md');
    const theirs = throughSet(event, 'MAST_live_md');
    expect(ours.get(PubHeaders.MsgIdHdr)).toBe(event.id);
    expect([...ours]).toEqual([...theirs]);
    expect(Buffer.from((ours as unknown as { encode(): Uint8Array }).encode()).toString('utf8')).toBe(theirs.toString());
  });

  it('refuses a value that would break the header block with the error set() gives', () => {
    const broken = { ...linked, causationId: 'a\r\nInjected: 1' };
    const ours = errorOf(() => eventHeaders(broken, 'MAST_live_ctl'));
    const theirs = errorOf(() => throughSet(broken, 'MAST_live_ctl'));
    expect(ours).toBeInstanceOf(Error);
    expect(ours).toEqual(theirs);
  });
});
