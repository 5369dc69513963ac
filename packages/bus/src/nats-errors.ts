import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { errors } from '@nats-io/transport-node';

/**
 * Which nats.js failures are worth retrying. A publish with a msg id is safe to resend: if the
 * first one was stored after all, the stream reports the resend as a duplicate.
 */
export function isRetryablePublishError(error: unknown): boolean {
  if (error instanceof errors.TimeoutError) return true;
  if (error instanceof errors.RequestError && error.isNoResponders()) return true;
  // nats.js reports a publish nobody answered (no stream leader yet, e.g. during an election) as
  // JetStreamNotEnabled with the RequestError as its cause.
  if (error instanceof Error && error.name === 'JetStreamNotEnabled') return true;
  return false;
}

function hasApiCode(error: unknown, ...codes: number[]): boolean {
  return error instanceof JetStreamApiError && codes.includes(error.code);
}

export const isStreamNotFound = (error: unknown): boolean => hasApiCode(error, JetStreamApiCodes.StreamNotFound);
export const isConsumerNotFound = (error: unknown): boolean => hasApiCode(error, JetStreamApiCodes.ConsumerNotFound);
/** A compare-and-set write lost: the subject's last sequence was not the expected one. */
export const isWrongLastSequence = (error: unknown): boolean => hasApiCode(error, JetStreamApiCodes.StreamWrongLastSequence, JetStreamApiCodes.StreamWrongLastSequenceUnknown);
/** Server error 10058: a stream of that name exists (another instance provisioned it first). */
export const isStreamNameInUse = (error: unknown): boolean => hasApiCode(error, 10058);
