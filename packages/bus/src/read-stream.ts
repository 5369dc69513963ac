import type { MastEvent } from '@mast/contracts';
import { BusConfigError, requirePositiveInteger } from './bus-config-error';
import type { Bus } from './connect-bus';
import { decodeEvent } from './decode-event';
import type { InvalidMessageKind } from './decode-event';
import { errorFields } from './logger';
import { metaOf } from './message-meta';
import type { MessageMeta } from './message-meta';

export interface StreamEntry {
  readonly event: MastEvent;
  readonly meta: MessageMeta;
}

export interface InvalidStreamMessage {
  readonly meta: MessageMeta;
  readonly kind: InvalidMessageKind;
  readonly reason: string;
  readonly payload: Uint8Array;
}

export interface ReadStreamOptions {
  readonly stream: string;
  /** One subject filter (nats-server 2.9 takes one), from contracts' builders. */
  readonly filterSubject?: string;
  /** First sequence to read; default 1. Exclusive with startTime. */
  readonly startSeq?: number;
  readonly startTime?: Date;
  /**
   * Last sequence to read, inclusive. Reading always ends once caught up with the stream's last
   * sequence as it was when reading started; events stored after that are not waited for.
   */
  readonly untilSeq?: number;
  /** Messages that are not valid events; default: logged as warnings and skipped. */
  readonly onInvalid?: (invalid: InvalidStreamMessage) => void;
  /** Messages per pull; default 500. The next pull waits until the caller has taken these. */
  readonly batch?: number;
}

/** How long one pull waits for messages known to exist (the server's minimum is 1 s). */
const PULL_EXPIRES_MS = 2000;

function checkOptions(options: ReadStreamOptions): void {
  if (options.startSeq !== undefined && options.startTime !== undefined) throw new BusConfigError('give startSeq or startTime, not both');
  if (options.startSeq !== undefined) requirePositiveInteger('startSeq', options.startSeq, 1);
  if (options.untilSeq !== undefined) requirePositiveInteger('untilSeq', options.untilSeq, 1);
}

/**
 * Reads a stream with an ordered consumer (no acks, nothing left behind on the server) as parsed
 * events with their meta, and ends when caught up: for rebuilding state on start, and for the
 * projection's rebuild. Pulls in batches, so a slow reader holds at most one batch in memory.
 */
export async function* readStream(bus: Bus, options: ReadStreamOptions): AsyncGenerator<StreamEntry, void, undefined> {
  checkOptions(options);
  const { stream } = options;
  const batch = requirePositiveInteger('batch', options.batch, 500);
  const onInvalid =
    options.onInvalid ??
    ((invalid: InvalidStreamMessage) => bus.logger.warn({ stream, seq: invalid.meta.streamSeq, subject: invalid.meta.subject, kind: invalid.kind, reason: invalid.reason }, 'skipped a message that is not a valid event'));

  const { state } = await bus.jsm.streams.info(stream);
  const endSeq = Math.min(options.untilSeq ?? Number.POSITIVE_INFINITY, state.last_seq);
  if (state.messages === 0 || endSeq < (options.startSeq ?? 1)) return;

  const consumer = await bus.js.consumers.get(stream, {
    ...(options.filterSubject === undefined ? {} : { filter_subjects: options.filterSubject }),
    ...(options.startSeq === undefined ? {} : { opt_start_seq: options.startSeq }),
    ...(options.startTime === undefined ? {} : { opt_start_time: options.startTime.toISOString() }),
  });
  try {
    // Nothing matches from the start position: done without a pull that would wait for PULL_EXPIRES_MS.
    if ((await consumer.info(true)).num_pending === 0) return;
    for (;;) {
      const messages = await consumer.fetch({ max_messages: batch, expires: PULL_EXPIRES_MS });
      let received = 0;
      let done = false;
      for await (const msg of messages) {
        received++;
        if (msg.seq > endSeq) {
          done = true;
          break;
        }
        const meta = metaOf(msg);
        const decoded = decodeEvent(msg.data);
        if (decoded.ok) yield { event: decoded.event, meta };
        else onInvalid({ meta, kind: decoded.kind, reason: decoded.reason, payload: msg.data });
        // `pending` counts what matches the filter after this message: 0 means caught up.
        if (msg.seq >= endSeq || msg.info.pending === 0) {
          done = true;
          break;
        }
      }
      if (done) return;
      // A pull that brought nothing: either what was there at the start is gone (max_age), and we
      // are caught up, or the server was too busy to answer within the pull's expiry. Ending then
      // would hand a rebuild a silently short history, so the server is asked which it was.
      if (received === 0 && (await consumer.info(false)).num_pending === 0) return;
    }
  } finally {
    await consumer.delete().catch((error: unknown) => bus.logger.debug({ stream, ...errorFields(error) }, 'ordered consumer already gone'));
  }
}
