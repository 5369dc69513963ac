import type { JsMsg } from '@nats-io/jetstream';

/** Where a message came from on the log, handed to handlers beside the event. */
export interface MessageMeta {
  readonly stream: string;
  readonly subject: string;
  /** Position in the stream: what an idempotent consumer stores as "applied up to". */
  readonly streamSeq: number;
  /** 1 on the first delivery. */
  readonly deliveries: number;
  readonly redelivered: boolean;
  /** When the server stored it, ns since the epoch (a bigint: a number cannot hold ns exactly). */
  readonly timestampNs: bigint;
}

/**
 * The delivery info lives in the message's ack subject, and nats.js parses it on first use of
 * `msg.info` (the timestamp apart, on each use of `msg.timestampNanos`). Read through on demand,
 * a handler that never looks at the meta, as most do not on the hot path, costs no parsing at all.
 */
class JsMsgMeta implements MessageMeta {
  readonly #msg: JsMsg;
  constructor(msg: JsMsg) {
    this.#msg = msg;
  }
  get stream(): string {
    return this.#msg.info.stream;
  }
  get subject(): string {
    return this.#msg.subject;
  }
  get streamSeq(): number {
    return this.#msg.info.streamSequence;
  }
  get deliveries(): number {
    return this.#msg.info.deliveryCount;
  }
  get redelivered(): boolean {
    return this.#msg.info.redelivered;
  }
  get timestampNs(): bigint {
    return this.#msg.timestampNanos;
  }
}

export function metaOf(msg: JsMsg): MessageMeta {
  return new JsMsgMeta(msg);
}
