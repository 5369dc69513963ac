import { assertMetricName, isMetricNameError, metricNameProblems } from './metric-names';

describe('metricNameProblems', () => {
  it.each([
    ['counter', 'mast_orders_submitted_total', []],
    ['gauge', 'mast_drawdown_ratio', ['tier']],
    ['gauge', 'mast_last_candle_age_seconds', ['symbol']],
    ['histogram', 'mast_order_submit_duration_seconds', ['symbol', 'outcome']],
  ] as const)('accepts %s %s', (kind, name, labels) => {
    expect(metricNameProblems(kind, name, labels)).toEqual([]);
  });

  it.each([
    ['counter', 'mast_orders_submitted', 'a counter must end in _total'],
    ['gauge', 'mast_open_positions_total', 'only counters end in _total (this is a gauge)'],
    ['histogram', 'mast_submit_latency_ms', 'use base units (seconds, bytes, ratio), not ms'],
    ['gauge', 'mast_exposure_percent', 'use base units (seconds, bytes, ratio), not percent'],
    ['gauge', 'orders_open', 'must start with the one prefix mast_'],
    ['gauge', 'mast_mast_orders_open', 'must start with the one prefix mast_'],
    ['gauge', 'mast_OrdersOpen', 'must be lower snake_case ([a-z][a-z0-9_]*)'],
    ['histogram', 'mast_fill_seconds_bucket', 'a histogram name must not end in _bucket, _sum or _count'],
  ] as const)('rejects %s %s', (kind, name, problem) => {
    expect(metricNameProblems(kind, name)).toContain(problem);
  });

  it.each([
    ['orderId', 'label orderId must be lower snake_case'],
    ['order_id', 'label order_id has one value per order/event: high cardinality'],
    ['correlation_id', 'label correlation_id has one value per order/event: high cardinality'],
    ['service', 'label service is set on every metric already'],
  ])('rejects the label %s', (label, problem) => {
    expect(metricNameProblems('counter', 'mast_orders_total', [label])).toContain(problem);
  });

  it('throws every problem at once as a MetricNameError', () => {
    let caught: unknown;
    try {
      assertMetricName('counter', 'orders_ms', ['order_id']);
    } catch (error) {
      caught = error;
    }
    expect(isMetricNameError(caught)).toBe(true);
    if (!isMetricNameError(caught)) return;
    expect(caught.problems).toHaveLength(4);
  });
});
