import { ANY } from './subject-tokens';
import { streamName } from './streams';
import { subjects } from './subjects';
import type { Context, Subjects } from './subjects';

/**
 * Durable pull consumers per service, as plain config objects in nats' JSON field names
 * (durations in nanoseconds). nats-server 2.9 takes one `filter_subject` string per consumer, so a
 * service that reads several contexts has one consumer per stream.
 */

const SECOND_NS = 1_000_000_000;

export interface ConsumerConfigDefinition {
  readonly durable_name: string;
  readonly description: string;
  readonly filter_subject: string;
  readonly ack_policy: 'explicit';
  readonly deliver_policy: 'all';
  readonly replay_policy: 'instant';
  /** The server replaces ack_wait with backoff[0] when backoff is set; they are kept equal here. */
  readonly ack_wait: number;
  /** Must exceed backoff.length (server error 10116 otherwise); after it, the message is dead-lettered. */
  readonly max_deliver: number;
  readonly backoff: readonly number[];
  readonly max_ack_pending: number;
}

export interface ConsumerDefinition {
  readonly stream: string;
  readonly config: ConsumerConfigDefinition;
}

interface Retry {
  readonly backoffSeconds: readonly number[];
  readonly maxAckPending: number;
}

/** Handlers write to Postgres or Redis or send messages: give them seconds before a redelivery. */
const HANDLER_RETRY: Retry = { backoffSeconds: [10, 30, 60, 300], maxAckPending: 1000 };
/**
 * Placing an order waits on the exchange, and order requests go out one at a time so an account
 * never sees them out of order. A redelivery is safe (the orderLinkId repeats), but costs a call.
 */
const ORDER_RETRY: Retry = { backoffSeconds: [30, 60, 300], maxAckPending: 1 };

interface ConsumerSpec {
  readonly name: string;
  readonly context: Context;
  readonly filter: (s: Subjects) => string;
  readonly retry: Retry;
}

const whole = (name: string, context: Context): ConsumerSpec => ({ name, context, filter: (s) => s.context(context), retry: HANDLER_RETRY });

export const SERVICES = ['signal', 'risk', 'execution', 'notifier', 'projection'] as const;
export type ServiceName = (typeof SERVICES)[number];

const SERVICE_CONSUMERS: Readonly<Record<ServiceName, readonly ConsumerSpec[]>> = {
  signal: [{ name: 'signal-candles', context: 'md', filter: (s) => s.candle(ANY), retry: HANDLER_RETRY }],
  // Candles reach risk as the signal service assessed them (CandleAssessed): one ordered input.
  risk: [
    { name: 'risk-assessed', context: 'sig', filter: (s) => s.assessed(ANY), retry: HANDLER_RETRY },
    whole('risk-exec', 'exec'),
    whole('risk-control', 'ctl'),
  ],
  execution: [{ name: 'execution-orders', context: 'risk', filter: (s) => s.orderRequest(ANY), retry: ORDER_RETRY }],
  // Dead letters are alerted on, so the notifier reads that stream too.
  notifier: [whole('notifier-risk', 'risk'), whole('notifier-exec', 'exec'), whole('notifier-control', 'ctl'), whole('notifier-sys', 'sys'), whole('notifier-dlq', 'dlq')],
  // The read model covers everything, dead letters included (the dashboard lists them).
  projection: [
    whole('projection-md', 'md'),
    whole('projection-sig', 'sig'),
    whole('projection-risk', 'risk'),
    whole('projection-exec', 'exec'),
    whole('projection-ctl', 'ctl'),
    whole('projection-sys', 'sys'),
    whole('projection-dlq', 'dlq'),
  ],
};

function toDefinition(ns: string, service: ServiceName, spec: ConsumerSpec): ConsumerDefinition {
  const backoff = spec.retry.backoffSeconds.map((seconds) => seconds * SECOND_NS);
  return {
    stream: streamName(ns, spec.context),
    config: {
      durable_name: spec.name,
      description: `${service}: ${spec.context} events of namespace ${ns}`,
      filter_subject: spec.filter(subjects(ns)),
      ack_policy: 'explicit',
      deliver_policy: 'all',
      replay_policy: 'instant',
      ack_wait: backoff[0] ?? 30 * SECOND_NS,
      max_deliver: backoff.length + 1,
      backoff,
      max_ack_pending: spec.retry.maxAckPending,
    },
  };
}

/** The durable consumers one service reads through, in a namespace. */
export function consumerDefinitions(ns: string, service: ServiceName): ConsumerDefinition[] {
  return SERVICE_CONSUMERS[service].map((spec) => toDefinition(ns, service, spec));
}

/** Every service's consumers in a namespace, for provisioning. */
export function allConsumerDefinitions(ns: string): ConsumerDefinition[] {
  return SERVICES.flatMap((service) => consumerDefinitions(ns, service));
}
