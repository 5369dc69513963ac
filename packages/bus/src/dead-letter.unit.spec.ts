import { makeEvent, parseEvent } from '@mast/contracts';
import { DeadLetterKind, deadLetterEvent } from './dead-letter';
import type { DeadLetterInput } from './dead-letter';

const meta = { stream: 'LIVE_MD', subject: 'live.md.candle.BTCUSDT', streamSeq: 42, deliveries: 3, redelivered: true, timestampNs: 1n };
const base: DeadLetterInput = { meta, consumer: 'signal-candles', kind: DeadLetterKind.InvalidJson, detail: 'Unexpected token', payload: new TextEncoder().encode('{x'), source: 'signal', now: 1_700_000_000_000 };

describe('deadLetterEvent', () => {
  it('builds a valid MessageDeadLettered event that points back at the message', () => {
    const event = deadLetterEvent(base);
    expect(parseEvent(event)).toEqual(event);
    expect(event.data).toEqual({ stream: 'LIVE_MD', subject: meta.subject, sequence: 42, consumer: 'signal-candles', reason: 'invalid_json: Unexpected token', deliveries: 3, rawBase64: Buffer.from('{x').toString('base64') });
    expect([event.causationId, event.correlationId]).toEqual([null, null]);
  });

  it('gives the same id to the same message and consumer, whatever the time and reason, and another to another consumer', () => {
    const again = deadLetterEvent({ ...base, now: base.now + 5000, detail: 'other' });
    expect(again.id).toBe(deadLetterEvent(base).id);
    expect(deadLetterEvent({ ...base, consumer: 'risk-candles' }).id).not.toBe(again.id);
    expect(deadLetterEvent({ ...base, meta: { ...meta, streamSeq: 43 } }).id).not.toBe(again.id);
  });

  it('links a parsed original as causation and keeps its correlation', () => {
    const original = makeEvent('HaltRequested', { ts: 1, source: 'op', correlationId: 'chain-1', data: { issuedBy: 'op', why: 'x' } });
    const event = deadLetterEvent({ ...base, kind: DeadLetterKind.MaxDeliveries, original });
    expect([event.causationId, event.correlationId]).toEqual([original.id, 'chain-1']);
  });

  it('leaves out a payload over the size limit, and an empty one, and bounds the reason', () => {
    expect(deadLetterEvent({ ...base, maxRawBytes: 1 }).data.rawBase64).toBeUndefined();
    expect(deadLetterEvent({ ...base, payload: new Uint8Array() }).data.rawBase64).toBeUndefined();
    expect(deadLetterEvent({ ...base, detail: 'x'.repeat(10_000) }).data.reason.length).toBe(2000);
    expect(deadLetterEvent({ ...base, detail: '  ' }).data.reason).toBe('invalid_json: (no message)');
  });
});
