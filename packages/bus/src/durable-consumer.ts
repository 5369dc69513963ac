import type { JsMsg } from '@nats-io/jetstream';
import { isEventValidationError, streamDefinitions, streamName } from '@mast/contracts';
import type { MastEvent } from '@mast/contracts';
import { BusConfigError, requirePositiveInteger } from './bus-config-error';
import type { Bus } from './connect-bus';
import { logConsumerStatus } from './consumer-status';
import { DeadLetterKind, deadLetterEvent } from './dead-letter';
import { decodeEvent } from './decode-event';
import { Fifo } from './fifo';
import { errorFields } from './logger';
import type { BusLogger } from './logger';
import { metaOf } from './message-meta';
import type { MessageMeta } from './message-meta';
import { isPoisonMessageError } from './poison-message-error';
import { createPublisher } from './publisher';

export const HandleOutcome = { Ok: 'ok', Retry: 'retry', DeadLetter: 'dead_letter' } as const;
export type HandleOutcome = (typeof HandleOutcome)[keyof typeof HandleOutcome];

/** The `type` reported for a message that is not an event (a fixed label: metric labels stay few). */
export const INVALID_EVENT_TYPE = '(invalid)';

/** Metrics hooks; a throwing observer is logged and otherwise ignored. */
export interface ConsumerObserver {
  onHandled?(type: string, outcome: HandleOutcome, seconds: number): void;
  onDeadLetter?(kind: DeadLetterKind): void;
}

export type EventHandler = (event: MastEvent, meta: MessageMeta) => void | Promise<void>;

export interface ConsumeDurableOptions {
  /** The namespace of the stream, for the dead-letter subject. */
  readonly ns: string;
  readonly stream: string;
  /** The durable name, provisioned beforehand (provisionNamespace); a missing one fails here. */
  readonly consumer: string;
  /**
   * Resolving acks the message. Throwing naks it with the consumer's backoff delay, until
   * max_deliver, when it is dead-lettered; PoisonMessageError dead-letters at once.
   * A synchronous handler (returning no promise) takes the fast path: acks go out in bursts.
   */
  readonly handler: EventHandler;
  readonly observer?: ConsumerObserver;
  /**
   * Messages handled at once; default 1: one after another in stream order. A failed message is
   * retried after its backoff while later ones go on, so it comes back out of order (a consumer with
   * max_ack_pending 1 never has a later one).
   */
  readonly concurrency?: number;
  /** Messages per pull request; default 100. While they wait their turn we tell the server they are in progress. */
  readonly batch?: number;
  /** The `source` of dead-letter events; default the bus name. */
  readonly source?: string;
  readonly maxRawBytes?: number;
  readonly logger?: BusLogger;
}

export interface DurableConsumer {
  readonly stream: string;
  readonly consumer: string;
  /** Messages in the stream not yet delivered to this consumer (num_pending), for the lag gauge. */
  pending(): Promise<number>;
  /** Stops pulling, finishes and acks what it holds, then resolves. Called by bus.drain() too. */
  stop(): Promise<void>;
  /** Resolves when consuming has ended, by stop() or because nats.js gave up (with its error). */
  closed(): Promise<void | Error>;
}

const NS_PER_MS = 1_000_000;

function isPromiseLike(value: unknown): value is PromiseLike<void> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** A message whose handler resolved, to be acked in the next refill. */
interface AckDue {
  readonly msg: JsMsg;
  readonly type: string;
  readonly started: number;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A durable pull consumer with explicit acks, validation, retries with backoff and dead letters. */
export async function consumeDurable(bus: Bus, options: ConsumeDurableOptions): Promise<DurableConsumer> {
  const { ns, stream, handler, observer } = options;
  const consumerName = options.consumer;
  const logger = options.logger ?? bus.logger;
  const concurrency = requirePositiveInteger('concurrency', options.concurrency, 1);
  const batch = requirePositiveInteger('batch', options.batch, 100);
  const source = options.source ?? bus.name;
  const log = { stream, consumer: consumerName };
  // Dead letters go to the namespace's DLQ stream: a stream of another namespace would send them astray.
  if (!streamDefinitions(ns).some((def) => def.name === stream)) throw new BusConfigError(`stream ${stream} is not a stream of namespace ${ns}`);

  const consumer = await bus.js.consumers.get(stream, consumerName);
  const { config } = await consumer.info(true);
  const backoffMs = (config.backoff ?? []).map((nanos) => nanos / NS_PER_MS);
  const ackWaitMs = (config.ack_wait ?? 30_000 * NS_PER_MS) / NS_PER_MS;
  const maxDeliver = config.max_deliver ?? -1;
  /** The wait before the next delivery after a failed one: what the server would wait had we not answered. */
  const retryDelayMs = (deliveries: number): number => backoffMs[Math.min(deliveries, backoffMs.length) - 1] ?? ackWaitMs;
  // Dead-lettering a message of the dead-letter stream would feed the stream to itself.
  const isDeadLetterStream = stream === streamName(ns, 'dlq');
  const publisher = createPublisher(bus, { ns });

  const observerThrew = (error: unknown): void => logger.error({ ...log, ...errorFields(error) }, 'consumer observer threw');
  const observe = (type: string, outcome: HandleOutcome, started: number): void => {
    if (!observer?.onHandled) return;
    try {
      observer.onHandled(type, outcome, (performance.now() - started) / 1000);
    } catch (error) {
      observerThrew(error);
    }
  };

  const deadLetter = async (msg: JsMsg, meta: MessageMeta, kind: DeadLetterKind, detail: string, original: MastEvent | undefined, started: number): Promise<void> => {
    const type = original?.type ?? INVALID_EVENT_TYPE;
    const fields = { ...log, seq: meta.streamSeq, subject: meta.subject, deliveries: meta.deliveries, kind, type };
    if (isDeadLetterStream) {
      logger.error({ ...fields, detail }, 'dead letter cannot be handled; terminated, not dead-lettered again');
      msg.term();
    } else {
      try {
        await publisher.publish(deadLetterEvent({ meta, consumer: consumerName, kind, detail, payload: msg.data, original, source, now: Date.now() }));
      } catch (error) {
        // Keep the message: it comes back after the delay and we try again. (Past max_deliver the
        // server stops delivering it and reports it in a MAX_DELIVERIES advisory.)
        logger.error({ ...fields, ...errorFields(error) }, 'dead-lettering failed; message left for redelivery');
        msg.nak(retryDelayMs(meta.deliveries));
        observe(type, HandleOutcome.Retry, started);
        return;
      }
      // Ack, not term: the message is handled by being parked in the dead-letter stream, which records why; every server version honours a plain ack.
      msg.ack();
      logger.warn({ ...fields, detail }, 'message dead-lettered');
    }
    observe(type, HandleOutcome.DeadLetter, started);
    if (!observer?.onDeadLetter) return;
    try {
      observer.onDeadLetter(kind);
    } catch (error) {
      observerThrew(error);
    }
  };

  const failed = (msg: JsMsg, meta: MessageMeta, event: MastEvent, error: unknown, started: number): Promise<void> | undefined => {
    if (isPoisonMessageError(error) || isEventValidationError(error)) return deadLetter(msg, meta, DeadLetterKind.Poison, messageOf(error), event, started);
    if (maxDeliver > 0 && meta.deliveries >= maxDeliver) {
      return deadLetter(msg, meta, DeadLetterKind.MaxDeliveries, `failed on delivery ${meta.deliveries} of ${maxDeliver}: ${messageOf(error)}`, event, started);
    }
    const delayMs = retryDelayMs(meta.deliveries);
    msg.nak(delayMs);
    logger.warn({ ...log, seq: meta.streamSeq, type: event.type, deliveries: meta.deliveries, delayMs, ...errorFields(error) }, 'handler failed, will retry');
    observe(event.type, HandleOutcome.Retry, started);
    return undefined;
  };

  /** Acks of handlers that resolved, sent together with the next refill (see pumpSoon). */
  const acksDue: AckDue[] = [];
  const ackNow = (msg: JsMsg, type: string, started: number): void => {
    msg.ack();
    observe(type, HandleOutcome.Ok, started);
  };
  const queue = new Fifo<JsMsg>();
  const inHand = new Set<JsMsg>();
  let idleWaiters: (() => void)[] = [];
  let stopping = false;
  const release = (msg: JsMsg): void => {
    inHand.delete(msg);
    pumpSoon();
  };

  /**
   * Settles the message synchronously when the handler does not return a promise, and returns
   * false; otherwise arranges for its settling and the release of its slot, and returns true.
   */
  const handle = (msg: JsMsg): boolean => {
    const started = performance.now();
    const meta = metaOf(msg);
    const decoded = decodeEvent(msg.data);
    if (!decoded.ok) return releaseWhenSettled(msg, deadLetter(msg, meta, decoded.kind, decoded.reason, undefined, started));
    const { event } = decoded;
    let result: void | Promise<void>;
    try {
      result = handler(event, meta);
    } catch (error) {
      return releaseWhenSettled(msg, failed(msg, meta, event, error, started));
    }
    if (!isPromiseLike(result)) {
      ackNow(msg, event.type, started);
      return false;
    }
    // The handler's promise settles the message, and releases its slot, without a promise of our own in between.
    void Promise.resolve(result).then(
      () => {
        acksDue.push({ msg, type: event.type, started });
        release(msg);
      },
      (error: unknown) => {
        let settling: Promise<void> | undefined;
        try {
          settling = failed(msg, meta, event, error, started);
        } finally {
          // Released even when failed() itself threw (a bug of ours): the message comes back after ack_wait.
          if (!releaseWhenSettled(msg, settling)) release(msg);
        }
      },
    );
    return true;
  };
  /** For a dead letter or a retry: true when its slot is released later, once settling is done; false when it was synchronous. */
  const releaseWhenSettled = (msg: JsMsg, settling: Promise<void> | undefined): boolean => {
    if (settling === undefined) return false;
    void settling.finally(() => release(msg));
    return true;
  };

  const pump = (): void => {
    while (inHand.size < concurrency && queue.size > 0) {
      const msg = queue.shift() as JsMsg;
      inHand.add(msg);
      let pending = false;
      try {
        pending = handle(msg);
      } catch (error) {
        // Only a bug of ours gets here (handler errors are caught in handle): leave it for redelivery.
        logger.error({ ...log, seq: msg.seq, ...errorFields(error) }, 'consumer failed to settle a message');
        msg.nak(retryDelayMs(msg.info.deliveryCount));
      }
      if (!pending) inHand.delete(msg);
    }
    if (inHand.size === 0 && queue.size === 0 && acksDue.length === 0 && idleWaiters.length > 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };
  // Slots freed by acknowledgements that arrive together are refilled together, in one later turn:
  // the publishes and acks of the handlers run then go out in one socket write (nats.js flushes
  // once per microtask checkpoint), not one write per message as refilling each slot at once did.
  let pumpScheduled = false;
  const pumpSoon = (): void => {
    if (pumpScheduled) return;
    pumpScheduled = true;
    setImmediate(() => {
      pumpScheduled = false;
      for (const due of acksDue.splice(0)) ackNow(due.msg, due.type, due.started);
      pump();
    });
  };
  const idle = (): Promise<void> =>
    inHand.size === 0 && queue.size === 0 && acksDue.length === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));

  const messages = await consumer.consume({
    max_messages: batch,
    // Callbacks cannot await, so messages go through our queue; it keeps order and limits concurrency.
    callback: (msg) => {
      if (stopping) {
        msg.nak();
        return;
      }
      queue.push(msg);
      pump();
    },
  });
  logConsumerStatus(messages, logger, log);

  // Messages waiting their turn (or in a slow handler) would be redelivered after ack_wait: tell
  // the server they are in progress well before it runs out.
  const ackWindowMs = Math.min(ackWaitMs, backoffMs[0] ?? ackWaitMs);
  const progress = setInterval(
    () => {
      for (const msg of inHand) msg.working();
      for (const msg of queue) msg.working();
    },
    Math.max(50, Math.floor(ackWindowMs / 3)),
  );
  progress.unref();

  let stopped: Promise<void> | undefined;
  const unregister = bus.onDrain({ stop: () => stop() });
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      stopping = true;
      await messages.close();
      await idle();
      clearInterval(progress);
      unregister();
    })());

  return {
    stream,
    consumer: consumerName,
    pending: async () => (await consumer.info()).num_pending,
    stop,
    closed: () => messages.closed(),
  };
}
