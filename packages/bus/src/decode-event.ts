import { safeParseEvent } from '@mast/contracts';
import type { MastEvent } from '@mast/contracts';

export const InvalidMessageKind = { InvalidJson: 'invalid_json', InvalidEvent: 'invalid_event' } as const;
export type InvalidMessageKind = (typeof InvalidMessageKind)[keyof typeof InvalidMessageKind];

export type DecodeResult = { readonly ok: true; readonly event: MastEvent } | { readonly ok: false; readonly kind: InvalidMessageKind; readonly reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** A message payload as an event, or why it is not one: every consumer validates what it reads. */
export function decodeEvent(payload: Uint8Array): DecodeResult {
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(payload));
  } catch (error) {
    return { ok: false, kind: InvalidMessageKind.InvalidJson, reason: error instanceof Error ? error.message : String(error) };
  }
  const parsed = safeParseEvent(raw);
  return parsed.success ? { ok: true, event: parsed.event } : { ok: false, kind: InvalidMessageKind.InvalidEvent, reason: parsed.error.message };
}
