import type { Metrics } from '@mast/observability';

/** Request buckets: a cached read takes ~1 ms, a dashboard snapshot over a long log ~0.5 s. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export interface QueryApiMetrics {
  request(route: string, method: string, status: number, seconds: number): void;
  clients(count: number): void;
}

/**
 * The query API's metrics. `route` is the route's template (`/api/v1/trail/:correlationId`), never
 * the URL, so ids do not become label values; unmatched URLs are one `(unmatched)` route.
 */
export function registerQueryApiMetrics(metrics: Metrics): QueryApiMetrics {
  const requests = metrics.counter({ name: 'mast_http_requests_total', help: 'Query API requests by route template, method and status code', labelNames: ['route', 'method', 'code'] as const });
  const duration = metrics.histogram({ name: 'mast_http_request_duration_seconds', help: 'Query API request duration by route template', labelNames: ['route'] as const, buckets: REQUEST_BUCKETS });
  const clients = metrics.gauge({ name: 'mast_dashboard_clients', help: 'Browsers connected to the dashboard live stream' });
  clients.set(0);
  return {
    request(route, method, status, seconds) {
      requests.inc({ route, method, code: String(status) });
      duration.observe({ route }, seconds);
    },
    clients(count) {
      clients.set(count);
    },
  };
}
