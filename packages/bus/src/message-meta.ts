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

export function metaOf(msg: JsMsg): MessageMeta {
  const { info } = msg;
  return {
    stream: info.stream,
    subject: msg.subject,
    streamSeq: info.streamSequence,
    deliveries: info.deliveryCount,
    redelivered: info.redelivered,
    timestampNs: msg.timestampNanos,
  };
}
