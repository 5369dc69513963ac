import type { Metrics } from '@mast/observability';
import type { ApplyResult } from '@mast/read-model';

/** Batches take ~5 ms (a few events) to ~1 s (thousands after a restart). */
const BATCH_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface ProjectionMetrics {
  batchApplied(result: ApplyResult, seconds: number, lastEventTs: number | null): void;
  batchFailed(): void;
}

/** What the projection adds to the standard metrics: its batches, and how recent its newest event is. */
export function registerProjectionMetrics(metrics: Metrics): ProjectionMetrics {
  const duration = metrics.histogram({ name: 'mast_projection_batch_duration_seconds', help: 'Time to apply one batch to the read model (one transaction)', buckets: BATCH_BUCKETS });
  const events = metrics.counter({ name: 'mast_projection_events_total', help: 'Events handed to the read model, applied or skipped as redeliveries', labelNames: ['outcome'] as const });
  const failures = metrics.counter({ name: 'mast_projection_batch_failures_total', help: 'Read-model batches that failed and were retried' });
  const lastEvent = metrics.gauge({ name: 'mast_projection_last_event_timestamp_seconds', help: 'Event time of the newest event applied to the read model' });
  const redisFailures = metrics.counter({ name: 'mast_projection_redis_failures_total', help: 'Batches whose Redis snapshot write failed (the batch is committed all the same)' });
  events.inc({ outcome: 'applied' }, 0);
  events.inc({ outcome: 'skipped' }, 0);
  failures.inc(0);
  redisFailures.inc(0);
  let newest = 0;
  return {
    batchApplied(result, seconds, lastEventTs) {
      duration.observe(seconds);
      events.inc({ outcome: 'applied' }, result.applied);
      events.inc({ outcome: 'skipped' }, result.skipped);
      if (result.redisFailed) redisFailures.inc();
      if (lastEventTs !== null && lastEventTs > newest) {
        newest = lastEventTs;
        lastEvent.set(newest / 1000);
      }
    },
    batchFailed() {
      failures.inc();
    },
  };
}
