import type { MsgHdrs } from '@nats-io/transport-node';
import { parseEvent, streamForEvent, subjects } from '@mast/contracts';
import type { MastEvent } from '@mast/contracts';
import { ackInboxOf, type StoredAck } from './ack-inbox';
import { jitteredDelayMs, sleep } from './backoff';
import { requirePositiveInteger } from './bus-config-error';
import type { Bus } from './connect-bus';
import { eventHeaders } from './headers';
import { errorFields } from './logger';
import { isRetryablePublishError } from './nats-errors';
import { PublishError } from './publish-error';

export interface PublishResult {
  readonly stream: string;
  readonly seq: number;
  /** The stream already held this event id (within its duplicate window): nothing new was stored. */
  readonly duplicate: boolean;
}

export interface PublisherOptions {
  /** The namespace whose subjects events go to (`live`, `replay-7f3a` ...). */
  readonly ns: string;
  /** Wait for each acknowledgement before a resend; default 5 s. */
  readonly timeoutMs?: number;
  /** Tries per event on a timeout or no responders; default 5. */
  readonly attempts?: number;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** publishMany sends at most this many before awaiting their acks; default 1000. */
  readonly maxInFlight?: number;
}

export interface Publisher {
  readonly ns: string;
  /** Validates (throws EventValidationError), stores once (msg id = event id), retries transient failures (throws PublishError). */
  publish(event: MastEvent): Promise<PublishResult>;
  /**
   * The fast path: validates every event first (none is sent if one is invalid), then sends them in
   * synchronous bursts and awaits the acks together. Results are in input order. On a failure the
   * events sent before it stay stored; resending the whole batch is safe (ids deduplicate).
   */
  publishMany(events: readonly MastEvent[]): Promise<PublishResult[]>;
}

interface Prepared {
  readonly id: string;
  readonly subject: string;
  /** The event's JSON as UTF-8, encoded once (a string would be encoded by nats.js on each attempt, through a slower TextEncoder). */
  readonly payload: Uint8Array;
  readonly headers: MsgHdrs;
}

const DEFAULT_TIMEOUT_MS = 5000;

export function createPublisher(bus: Bus, options: PublisherOptions): Publisher {
  const { ns } = options;
  const subjectsOfNs = subjects(ns);
  const attempts = requirePositiveInteger('attempts', options.attempts, 5);
  const maxInFlight = requirePositiveInteger('maxInFlight', options.maxInFlight, 1000);
  const backoff = { baseMs: requirePositiveInteger('retryBaseMs', options.retryBaseMs, 100), maxMs: requirePositiveInteger('retryMaxMs', options.retryMaxMs, 2000) };
  const timeoutMs = requirePositiveInteger('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const inbox = ackInboxOf(bus.nc);

  /** The stream of each event type in this namespace, worked out once per type. */
  const streamOfType = new Map<MastEvent['type'], string>();
  const streamOf = (type: MastEvent['type']): string => {
    let stream = streamOfType.get(type);
    if (stream === undefined) {
      stream = streamForEvent(ns, type);
      streamOfType.set(type, stream);
    }
    return stream;
  };

  const prepare = (input: MastEvent): Prepared => {
    // The caller's object may have been built by hand or cast: what goes on the log is what parses.
    const event = parseEvent(input);
    return { id: event.id, subject: subjectsOfNs.forEvent(event), payload: Buffer.from(JSON.stringify(event), 'utf8'), headers: eventHeaders(event, streamOf(event.type)) };
  };

  /** Starts the first attempt synchronously, so that a loop of send() calls is one socket write. */
  const send = async (p: Prepared): Promise<PublishResult> => {
    for (let attempt = 1; ; attempt++) {
      let ack: StoredAck;
      try {
        ack = await inbox.publish(p.subject, p.payload, p.headers, timeoutMs);
      } catch (error) {
        if (attempt >= attempts || !isRetryablePublishError(error)) throw new PublishError(p.id, p.subject, attempt, { cause: error });
        const delay = jitteredDelayMs(attempt, backoff);
        bus.logger.warn({ bus: bus.name, eventId: p.id, subject: p.subject, attempt, delayMs: delay, ...errorFields(error) }, 'publish failed, retrying');
        await sleep(delay);
        continue;
      }
      return ack;
    }
  };

  return {
    ns,
    // async, so that an invalid event rejects the promise rather than throwing at the call.
    publish: async (event) => send(prepare(event)),
    publishMany: async (events) => {
      const prepared = events.map(prepare);
      // One event (a service's output for one input, most often): its own result, or its own failure.
      if (prepared.length === 1) return [await send(prepared[0]!)];
      const results: PublishResult[] = [];
      for (let start = 0; start < prepared.length; start += maxInFlight) {
        const burst: Promise<PublishResult>[] = [];
        for (let i = start; i < Math.min(start + maxInFlight, prepared.length); i++) burst.push(send(prepared[i]!));
        // allSettled: every ack of the burst is in before we report, so none is left unobserved.
        const settled = await Promise.allSettled(burst);
        for (const outcome of settled) {
          if (outcome.status === 'rejected') throw outcome.reason;
          results.push(outcome.value);
        }
      }
      return results;
    },
  };
}
