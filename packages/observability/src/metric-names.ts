/** Every MAST metric starts with this one application prefix (OPS.md). */
export const METRIC_PREFIX = 'mast_';

export const METRIC_KINDS = { counter: 'counter', gauge: 'gauge', histogram: 'histogram' } as const;
export type MetricKind = (typeof METRIC_KINDS)[keyof typeof METRIC_KINDS];

const NAME = /^[a-z][a-z0-9_]*$/;
const LABEL = /^[a-z][a-z0-9_]*$/;
/** Units that are not Prometheus base units: use seconds, bytes, ratio instead. */
const NON_BASE_UNITS = new Set(['ms', 'millis', 'milliseconds', 'us', 'microseconds', 'ns', 'nanoseconds', 'minutes', 'hours', 'days', 'kb', 'mb', 'gb', 'kilobytes', 'megabytes', 'gigabytes', 'percent', 'pct']);
/** Suffixes Prometheus adds itself to a histogram's series. */
const HISTOGRAM_SERIES = ['_bucket', '_sum', '_count'];
/**
 * Label names that would make one time series per order, message or event: each distinct label
 * value is a series held in memory by every Prometheus that scrapes us.
 */
const HIGH_CARDINALITY_LABELS = new Set(['id', 'orderid', 'orderlinkid', 'eventid', 'messageid', 'msgid', 'correlationid', 'causationid', 'requestid', 'traceid', 'userid', 'chatid', 'sequence', 'seq', 'timestamp', 'ts', 'price', 'qty', 'error', 'message']);
/** Set on every metric by the registry; a metric must not declare it again. */
export const SERVICE_LABEL = 'service';

/** Everything wrong with a metric's name and label names, against OPS.md's naming rules. */
export function metricNameProblems(kind: MetricKind, name: string, labelNames: readonly string[] = []): string[] {
  const problems: string[] = [];
  if (!NAME.test(name)) problems.push('must be lower snake_case ([a-z][a-z0-9_]*)');
  if (!name.startsWith(METRIC_PREFIX) || name.startsWith(METRIC_PREFIX + METRIC_PREFIX)) problems.push(`must start with the one prefix ${METRIC_PREFIX}`);
  if (kind === METRIC_KINDS.counter && !name.endsWith('_total')) problems.push('a counter must end in _total');
  if (kind !== METRIC_KINDS.counter && name.endsWith('_total')) problems.push(`only counters end in _total (this is a ${kind})`);
  if (kind === METRIC_KINDS.histogram && HISTOGRAM_SERIES.some((s) => name.endsWith(s))) problems.push('a histogram name must not end in _bucket, _sum or _count');
  const units = name.split('_').filter((word) => NON_BASE_UNITS.has(word));
  if (units.length > 0) problems.push(`use base units (seconds, bytes, ratio), not ${units.join(', ')}`);
  for (const label of labelNames) {
    if (!LABEL.test(label)) problems.push(`label ${label} must be lower snake_case`);
    if (label === SERVICE_LABEL) problems.push(`label ${SERVICE_LABEL} is set on every metric already`);
    if (kind === METRIC_KINDS.histogram && label === 'le') problems.push('label le is reserved for histogram buckets');
    if (HIGH_CARDINALITY_LABELS.has(label.replace(/_/g, ''))) problems.push(`label ${label} has one value per order/event: high cardinality`);
  }
  return problems;
}

/** A metric that breaks the naming rules; thrown when the metric is declared. */
export class MetricNameError extends Error {
  override readonly name = 'MetricNameError';
  constructor(readonly metric: string, readonly problems: readonly string[]) {
    super(`metric ${metric}: ${problems.join('; ')}`);
  }
}

export function isMetricNameError(error: unknown): error is MetricNameError {
  return error instanceof MetricNameError;
}

export function assertMetricName(kind: MetricKind, name: string, labelNames: readonly string[] = []): void {
  const problems = metricNameProblems(kind, name, labelNames);
  if (problems.length > 0) throw new MetricNameError(name, problems);
}
