import { makeEvent } from '@mast/contracts';
import type { EventOf, MastEvent } from '@mast/contracts';
import type { MessageMeta } from './message-meta';

/** Why a message was dead-lettered; few values, so it can be a metric label. */
export const DeadLetterKind = {
  InvalidJson: 'invalid_json',
  InvalidEvent: 'invalid_event',
  /** The handler threw PoisonMessageError (or a validation error): no retry would help. */
  Poison: 'poison',
  /** The handler kept failing until the consumer's max_deliver. */
  MaxDeliveries: 'max_deliveries',
} as const;
export type DeadLetterKind = (typeof DeadLetterKind)[keyof typeof DeadLetterKind];

/** The payload rides along base64-encoded up to this size, for inspection and a manual replay. */
export const DEFAULT_MAX_RAW_BYTES = 256 * 1024;
const MAX_REASON_CHARS = 2000;

export interface DeadLetterInput {
  readonly meta: MessageMeta;
  readonly consumer: string;
  readonly kind: DeadLetterKind;
  /** The validation or handler error message. */
  readonly detail: string;
  readonly payload: Uint8Array;
  /** The original event when it parsed (a handler failure): it becomes the causation. */
  readonly original?: MastEvent;
  readonly source: string;
  /** Epoch ms: when it was dead-lettered. */
  readonly now: number;
  readonly maxRawBytes?: number;
}

/**
 * The MessageDeadLettered event for a message. Its id derives from the message's place in the log
 * and the consumer that gave up on it: a consumer that crashes between publishing the dead letter and
 * acking the message dead-letters it again with the same id, and the duplicate window drops it.
 */
export function deadLetterEvent(input: DeadLetterInput): EventOf<'MessageDeadLettered'> {
  const { meta, original } = input;
  const detail = input.detail.trim() === '' ? '(no message)' : input.detail;
  const reason = `${input.kind}: ${detail}`.slice(0, MAX_REASON_CHARS);
  const keepRaw = input.payload.length > 0 && input.payload.length <= (input.maxRawBytes ?? DEFAULT_MAX_RAW_BYTES);
  return makeEvent('MessageDeadLettered', {
    id: `MessageDeadLettered:${meta.stream}:${input.consumer}:${meta.streamSeq}`,
    ts: input.now,
    source: input.source,
    causationId: original?.id ?? null,
    correlationId: original ? (original.correlationId ?? original.id) : null,
    data: {
      stream: meta.stream,
      subject: meta.subject,
      sequence: meta.streamSeq,
      consumer: input.consumer,
      reason,
      deliveries: meta.deliveries,
      ...(keepRaw ? { rawBase64: Buffer.from(input.payload).toString('base64') } : {}),
    },
  });
}
