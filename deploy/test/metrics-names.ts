import { parser } from '@prometheus-io/lezer-promql';

/**
 * Metric names from PromQL and from a `/metrics` body, for checking that dashboards and alert
 * rules name only what the services really register.
 */

export class PromqlSyntaxError extends Error {
  override readonly name = 'PromqlSyntaxError';
}

/** Metric names an expression selects; throws PromqlSyntaxError where it does not parse. */
export function promqlMetricNames(expr: string): string[] {
  const tree = parser.parse(expr);
  const names: string[] = [];
  const errors: number[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from);
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') names.push(expr.slice(node.from, node.to));
    },
  });
  if (errors.length > 0) throw new PromqlSyntaxError(`does not parse at offset ${errors[0]}: ${expr}`);
  return names;
}

/** Metrics Prometheus makes itself (per scrape target), not registered by any service. */
export const PROMETHEUS_OWN_METRICS = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);

/** Every series name a `/metrics` body exposes or declares (a histogram's _bucket, _sum, _count included). */
export function exposedMetricNames(body: string): Set<string> {
  const names = new Set<string>();
  for (const line of body.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      names.add(type[1]!);
      if (type[2] === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(type[1]! + suffix);
      if (type[2] === 'summary') for (const suffix of ['_sum', '_count']) names.add(type[1]! + suffix);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (sample) names.add(sample[1]!);
  }
  return names;
}
