import type { LabelGuard } from './bounded-label';
import { createLabelGuard, toLabelToken } from './bounded-label';
import type { StandardMetrics } from './create-metrics';

/** Bounds on distinct label values: more than the system has, far fewer than ids would make. */
export const MAX_EVENT_TYPES = 100;
export const MAX_OUTCOMES = 10;
export const MAX_DEAD_LETTER_REASONS = 20;

export interface BusMetricsScope {
  readonly stream: string;
  readonly consumer: string;
  /**
   * Reads the consumer's pending count (the bus's `consumer.pending()`); when given, the
   * `mast_consumer_pending_messages` gauge is read at each scrape.
   */
  readonly pending?: () => Promise<number>;
}

/**
 * What a consumer loop reports. It fits the bus's `ConsumerObserver` (`onHandled`, `onDeadLetter`)
 * and adds two hooks for consumers that learn of redeliveries and lag themselves.
 */
export interface BusMetricsObserver {
  /** One message handled: its event type, the outcome (`ok`, `retry`, `dead_letter`) and its duration in seconds. */
  onHandled(type: string, outcome: string, seconds: number): void;
  /** A message dead-lettered; `reason` is a short code (`invalid_event`, `max_deliveries`), never an error message. */
  onDeadLetter(reason: string): void;
  /** A message delivered more than once. */
  onRedelivered(): void;
  /** The consumer's pending count, from consumer info. */
  onPending(count: number): void;
}

interface TypeSeries {
  /** The type as recorded: itself, or `other` past the bound. */
  readonly eventType: string;
  readonly duration: { observe(seconds: number): void };
  /** Handled counters by outcome. */
  readonly handled: Map<string, { inc(): void }>;
}

interface Guards {
  readonly type: LabelGuard;
  readonly outcome: LabelGuard;
  readonly reason: LabelGuard;
}

/** Guards are per registry of metrics, shared by every consumer of the service. */
const guardsByMetrics = new WeakMap<StandardMetrics, Guards>();

function guardsFor(metrics: StandardMetrics): Guards {
  let guards = guardsByMetrics.get(metrics);
  if (!guards) {
    guards = { type: createLabelGuard(MAX_EVENT_TYPES), outcome: createLabelGuard(MAX_OUTCOMES), reason: createLabelGuard(MAX_DEAD_LETTER_REASONS) };
    guardsByMetrics.set(metrics, guards);
  }
  return guards;
}

export function createBusMetricsObserver(metrics: StandardMetrics, scope: BusMetricsScope): BusMetricsObserver {
  const guards = guardsFor(metrics);
  const stream = toLabelToken(scope.stream);
  const consumer = toLabelToken(scope.consumer);
  const redeliveries = metrics.consumerRedeliveries.labels({ consumer });
  // A series that exists at 0 lets `increase()` alert on the first redelivery; pending stays absent
  // until the bus reports it, since 0 would claim "no lag".
  redeliveries.inc(0);
  const pending = metrics.consumerPending.labels({ consumer });
  // The series of each (type, outcome) seen, so that a message costs no label guards and no label
  // objects: onHandled runs once per message. A value's guarded label never changes once decided
  // (the guards only ever admit more), so caching it keeps what the guards would have said.
  const seriesOfType = new Map<string, TypeSeries>();
  const seriesOf = (type: string): TypeSeries => {
    let series = seriesOfType.get(type);
    if (!series) {
      const eventType = guards.type(type);
      series = { eventType, duration: metrics.handleDuration.labels({ type: eventType }), handled: new Map() };
      // Types come from validated events, so few; the bound only stops a bug from growing the cache.
      if (seriesOfType.size < MAX_EVENT_TYPES) seriesOfType.set(type, series);
    }
    return series;
  };
  return {
    onHandled(type, outcome, seconds) {
      const series = seriesOf(type);
      let handled = series.handled.get(outcome);
      if (!handled) {
        handled = metrics.messagesHandled.labels({ stream, type: series.eventType, outcome: guards.outcome(outcome) });
        if (series.handled.size < MAX_OUTCOMES) series.handled.set(outcome, handled);
      }
      handled.inc();
      if (Number.isFinite(seconds) && seconds >= 0) series.duration.observe(seconds);
    },
    onDeadLetter(reason) {
      metrics.deadLetters.inc({ reason: guards.reason(reason) });
    },
    onRedelivered() {
      redeliveries.inc();
    },
    onPending(count) {
      if (Number.isFinite(count) && count >= 0) pending.set(count);
    },
  };
}
