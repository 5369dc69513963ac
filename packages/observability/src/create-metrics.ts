import type { CounterConfiguration, GaugeConfiguration, HistogramConfiguration } from 'prom-client';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BusMetricsObserver, BusMetricsScope } from './bus-metrics-observer';
import { toLabelToken } from './bounded-label';
import { createBusMetricsObserver } from './bus-metrics-observer';
import type { MetricKind } from './metric-names';
import { assertMetricName, METRIC_KINDS, METRIC_PREFIX, SERVICE_LABEL } from './metric-names';

/**
 * Handling one message takes from ~0.1 ms (a pure decision) to ~1 s (a call to the exchange);
 * roughly three buckets per decade over that range.
 */
export const HANDLE_DURATION_BUCKETS: readonly number[] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** The metrics every service has; `service` is on all of them as a registry default label. */
export interface StandardMetrics {
  /** `mast_messages_handled_total{service,stream,type,outcome}` */
  readonly messagesHandled: Counter<'stream' | 'type' | 'outcome'>;
  /** `mast_message_handle_duration_seconds{service,type}` */
  readonly handleDuration: Histogram<'type'>;
  /** `mast_consumer_pending_messages{service,consumer}`: messages the consumer has yet to get. */
  readonly consumerPending: Gauge<'consumer'>;
  /** `mast_consumer_redeliveries_total{service,consumer}` */
  readonly consumerRedeliveries: Counter<'consumer'>;
  /** `mast_dead_letters_total{service,reason}` */
  readonly deadLetters: Counter<'reason'>;
}

const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_resources_total', 'nodejs_active_handles_total', 'nodejs_active_requests_total'];

type Declared<C> = Omit<C, 'registers'>;

export interface Metrics {
  readonly service: string;
  /** The registry `/metrics` serves; domain metrics go on it through the methods below. */
  readonly registry: Registry;
  readonly standard: StandardMetrics;
  /** Declares a domain counter after checking its name and labels against OPS.md's rules. */
  counter<L extends string = string>(config: Declared<CounterConfiguration<L>>): Counter<L>;
  gauge<L extends string = string>(config: Declared<GaugeConfiguration<L>>): Gauge<L>;
  histogram<L extends string = string>(config: Declared<HistogramConfiguration<L>>): Histogram<L>;
  /** Feeds the standard metrics from one consumer's message handling. */
  busObserver(scope: BusMetricsScope): BusMetricsObserver;
}

export interface CreateMetricsOptions {
  readonly service: string;
  /** A fresh registry by default, so tests and several services in one process do not collide. */
  readonly registry?: Registry;
  /** Node runtime metrics (`mast_process_*`, `mast_nodejs_*`); on by default. */
  readonly defaultMetrics?: boolean;
  /** How long a scrape waits for a consumer's pending count; PENDING_READ_TIMEOUT_MS by default. */
  readonly pendingReadTimeoutMs?: number;
}

/** A scrape must not hang on a NATS that does not answer; Prometheus times out at 10 s. */
export const PENDING_READ_TIMEOUT_MS = 1000;

/**
 * Reads every consumer's pending count at scrape time. A count that cannot be read removes the
 * series rather than leaving a stale value that looks current.
 */
async function readPending(gauge: Gauge<'consumer'>, sources: ReadonlyMap<string, () => Promise<number>>, timeoutMs: number): Promise<void> {
  await Promise.all(
    [...sources].map(async ([consumer, read]) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const count = await Promise.race([
          read(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
            timer.unref();
          }),
        ]);
        if (Number.isFinite(count) && count >= 0) gauge.set({ consumer }, count);
        else gauge.remove({ consumer });
      } catch {
        gauge.remove({ consumer });
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

function checked(kind: MetricKind, name: string, labelNames: readonly string[] | undefined): void {
  assertMetricName(kind, name, labelNames ?? []);
}

/**
 * The metrics of one service on one registry: Node runtime metrics with the `mast_` prefix, the
 * standard message-handling metrics, and factories for domain metrics. Labels stay low-cardinality
 * by rule: no label per order, event or message (see metric-names.ts); the standard metrics'
 * labels take event types, outcomes, stream and consumer names and reason codes only.
 */
export function createMetrics(options: CreateMetricsOptions): Metrics {
  const registry = options.registry ?? new Registry();
  registry.setDefaultLabels({ [SERVICE_LABEL]: options.service });
  if (options.defaultMetrics !== false) {
    collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
    // prom-client's gauges named *_total break the rule that only counters end in _total; each is
    // the sum of its per-type gauge (`sum(mast_nodejs_active_handles)`), so nothing is lost.
    for (const name of MISNAMED_DEFAULT_GAUGES) registry.removeSingleMetric(METRIC_PREFIX + name);
  }
  const registers = [registry];

  const counter = <L extends string>(config: Declared<CounterConfiguration<L>>): Counter<L> => {
    checked(METRIC_KINDS.counter, config.name, config.labelNames);
    return new Counter<L>({ ...config, registers });
  };
  const gauge = <L extends string>(config: Declared<GaugeConfiguration<L>>): Gauge<L> => {
    checked(METRIC_KINDS.gauge, config.name, config.labelNames);
    return new Gauge<L>({ ...config, registers });
  };
  const histogram = <L extends string>(config: Declared<HistogramConfiguration<L>>): Histogram<L> => {
    checked(METRIC_KINDS.histogram, config.name, config.labelNames);
    return new Histogram<L>({ ...config, registers });
  };

  const pendingSources = new Map<string, () => Promise<number>>();
  const standard: StandardMetrics = {
    messagesHandled: counter({
      name: 'mast_messages_handled_total',
      help: 'Messages handled by a consumer, by stream, event type and outcome',
      labelNames: ['stream', 'type', 'outcome'] as const,
    }),
    handleDuration: histogram({
      name: 'mast_message_handle_duration_seconds',
      help: 'Time to handle one message, from delivery to ack, by event type',
      labelNames: ['type'] as const,
      buckets: [...HANDLE_DURATION_BUCKETS],
    }),
    consumerPending: gauge({
      name: 'mast_consumer_pending_messages',
      help: 'Messages in the stream not yet delivered to the consumer (its lag)',
      labelNames: ['consumer'] as const,
      collect: () => readPending(standard.consumerPending, pendingSources, options.pendingReadTimeoutMs ?? PENDING_READ_TIMEOUT_MS),
    }),
    consumerRedeliveries: counter({
      name: 'mast_consumer_redeliveries_total',
      help: 'Messages delivered again after a nak or an ack timeout',
      labelNames: ['consumer'] as const,
    }),
    deadLetters: counter({
      name: 'mast_dead_letters_total',
      help: 'Messages parked on the dead-letter stream, by reason code',
      labelNames: ['reason'] as const,
    }),
  };

  return {
    service: options.service,
    registry,
    standard,
    counter,
    gauge,
    histogram,
    busObserver: (scope) => {
      if (scope.pending) pendingSources.set(toLabelToken(scope.consumer), scope.pending);
      return createBusMetricsObserver(standard, scope);
    },
  };
}
