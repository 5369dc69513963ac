import { MAX_EVENT_TYPES } from './bus-metrics-observer';
import { createMetrics, HANDLE_DURATION_BUCKETS } from './create-metrics';
import type { MetricKind } from './metric-names';
import { isMetricNameError, metricNameProblems } from './metric-names';

/** Families of a Prometheus text exposition: name -> type, from the `# TYPE` lines. */
function families(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (match?.[1] && match[2]) out.set(match[1], match[2]);
  }
  return out;
}

/** Sample lines of one metric, with labels sorted by name so the test does not depend on their order. */
function samples(text: string, name: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const match = /^([^{ ]+)\{(.*)\} (\S+)$/.exec(line);
      if (!match) return line;
      const labels = (match[2] ?? '').split(/,(?=[a-z_]+=")/).sort().join(',');
      return `${match[1]}{${labels}} ${match[3]}`;
    });
}

describe('createMetrics', () => {
  it('serves the standard metrics and Node runtime metrics, all named by the rules', async () => {
    const metrics = createMetrics({ service: 'signal' });
    metrics.busObserver({ stream: 'MAST_live_md', consumer: 'signal-candles' }).onHandled('CandleClosed', 'ok', 0.002);
    const text = await metrics.registry.metrics();
    const found = families(text);
    expect(found.get('mast_messages_handled_total')).toBe('counter');
    expect(found.get('mast_message_handle_duration_seconds')).toBe('histogram');
    expect(found.get('mast_consumer_pending_messages')).toBe('gauge');
    expect(found.get('mast_consumer_redeliveries_total')).toBe('counter');
    expect(found.get('mast_dead_letters_total')).toBe('counter');
    expect(found.get('mast_process_cpu_user_seconds_total')).toBe('counter');
    expect(found.get('mast_nodejs_eventloop_lag_seconds')).toBe('gauge');
    for (const [name, type] of found) {
      expect({ name, problems: metricNameProblems(type as MetricKind, name) }).toEqual({ name, problems: [] });
    }
  });

  it('puts the service label on every sample, runtime metrics included', async () => {
    const metrics = createMetrics({ service: 'notifier' });
    const lines = (await metrics.registry.metrics()).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(line).toMatch(/[{,]service="notifier"[,}]/);
  });

  it('keeps services apart: each has its own registry by default', async () => {
    const a = createMetrics({ service: 'a', defaultMetrics: false });
    const b = createMetrics({ service: 'b', defaultMetrics: false });
    a.busObserver({ stream: 'S', consumer: 'c' }).onDeadLetter('invalid');
    expect(samples(await a.registry.metrics(), 'mast_dead_letters_total')).toEqual(['mast_dead_letters_total{reason="invalid",service="a"} 1']);
    expect(samples(await b.registry.metrics(), 'mast_dead_letters_total')).toEqual([]);
  });

  it('declares domain metrics on the same registry, refusing names that break the rules', async () => {
    const metrics = createMetrics({ service: 'risk', defaultMetrics: false });
    const drawdown = metrics.gauge({ name: 'mast_drawdown_ratio', help: 'Drawdown from the equity peak' });
    const rejected = metrics.counter({ name: 'mast_orders_rejected_total', help: 'Orders the exchange rejected', labelNames: ['symbol'] as const });
    drawdown.set(0.125);
    rejected.inc({ symbol: 'BTCUSDT' }, 2);
    const text = await metrics.registry.metrics();
    expect(samples(text, 'mast_drawdown_ratio')).toEqual(['mast_drawdown_ratio{service="risk"} 0.125']);
    expect(samples(text, 'mast_orders_rejected_total')).toEqual(['mast_orders_rejected_total{service="risk",symbol="BTCUSDT"} 2']);

    const refused = [
      () => metrics.counter({ name: 'mast_orders_rejected', help: 'x' }),
      () => metrics.histogram({ name: 'mast_submit_latency_ms', help: 'x' }),
      () => metrics.gauge({ name: 'mast_open_orders', help: 'x', labelNames: ['order_id'] }),
    ];
    for (const declare of refused) {
      let caught: unknown;
      try {
        declare();
      } catch (error) {
        caught = error;
      }
      expect(isMetricNameError(caught)).toBe(true);
    }
    expect(() => metrics.gauge({ name: 'mast_drawdown_ratio', help: 'again' })).toThrow(/already been registered/);
  });
});

describe('busObserver', () => {
  it('counts handled messages by stream, type and outcome and times them by type', async () => {
    const metrics = createMetrics({ service: 'risk', defaultMetrics: false });
    const observer = metrics.busObserver({ stream: 'MAST_live_sig', consumer: 'risk-signals' });
    observer.onHandled('EntrySignalled', 'ok', 0.0003);
    observer.onHandled('EntrySignalled', 'ok', 0.02);
    observer.onHandled('EntrySignalled', 'retry', 0.7);
    const text = await metrics.registry.metrics();
    expect(samples(text, 'mast_messages_handled_total').sort()).toEqual([
      'mast_messages_handled_total{outcome="ok",service="risk",stream="MAST_live_sig",type="EntrySignalled"} 2',
      'mast_messages_handled_total{outcome="retry",service="risk",stream="MAST_live_sig",type="EntrySignalled"} 1',
    ]);
    const buckets = samples(text, 'mast_message_handle_duration_seconds_bucket');
    expect(buckets).toHaveLength(HANDLE_DURATION_BUCKETS.length + 1);
    const cumulative = (le: string): string | undefined => buckets.find((b) => b.includes(`le="${le}"`))?.split(' ')[1];
    expect(cumulative('0.0001')).toBe('0');
    expect(cumulative('0.0005')).toBe('1');
    expect(cumulative('0.025')).toBe('2');
    expect(cumulative('1')).toBe('3');
    expect(samples(text, 'mast_message_handle_duration_seconds_count')).toEqual(['mast_message_handle_duration_seconds_count{service="risk",type="EntrySignalled"} 3']);
  });

  it('tracks pending messages and redeliveries per consumer, from zero', async () => {
    const metrics = createMetrics({ service: 'projection', defaultMetrics: false });
    const observer = metrics.busObserver({ stream: 'MAST_live_exec', consumer: 'projection-exec' });
    expect(samples(await metrics.registry.metrics(), 'mast_consumer_redeliveries_total')).toEqual(['mast_consumer_redeliveries_total{consumer="projection-exec",service="projection"} 0']);
    observer.onRedelivered();
    observer.onRedelivered();
    observer.onPending(42);
    observer.onPending(7);
    const text = await metrics.registry.metrics();
    expect(samples(text, 'mast_consumer_redeliveries_total')).toEqual(['mast_consumer_redeliveries_total{consumer="projection-exec",service="projection"} 2']);
    expect(samples(text, 'mast_consumer_pending_messages')).toEqual(['mast_consumer_pending_messages{consumer="projection-exec",service="projection"} 7']);
  });

  it('reads pending counts at scrape time, dropping a series whose count cannot be read', async () => {
    const metrics = createMetrics({ service: 'risk', defaultMetrics: false, pendingReadTimeoutMs: 50 });
    let signals = 12;
    metrics.busObserver({ stream: 'MAST_live_sig', consumer: 'risk-signals', pending: async () => signals });
    metrics.busObserver({ stream: 'MAST_live_md', consumer: 'risk-candles', pending: async () => 3 });
    expect(samples(await metrics.registry.metrics(), 'mast_consumer_pending_messages').sort()).toEqual([
      'mast_consumer_pending_messages{consumer="risk-candles",service="risk"} 3',
      'mast_consumer_pending_messages{consumer="risk-signals",service="risk"} 12',
    ]);
    signals = 4;
    metrics.busObserver({ stream: 'MAST_live_exec', consumer: 'risk-exec', pending: () => Promise.reject(new Error('nats down')) });
    metrics.busObserver({ stream: 'MAST_live_ctl', consumer: 'risk-control', pending: () => new Promise<number>(() => undefined) });
    const started = performance.now();
    const text = await metrics.registry.metrics();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(samples(text, 'mast_consumer_pending_messages').sort()).toEqual([
      'mast_consumer_pending_messages{consumer="risk-candles",service="risk"} 3',
      'mast_consumer_pending_messages{consumer="risk-signals",service="risk"} 4',
    ]);
  });

  it('records free text and runaway label values as "other" instead of a new series each', async () => {
    const metrics = createMetrics({ service: 'risk', defaultMetrics: false });
    const observer = metrics.busObserver({ stream: 'S', consumer: 'c' });
    observer.onDeadLetter('data.price: expected number, received string');
    observer.onDeadLetter('max_deliveries');
    for (let i = 0; i < MAX_EVENT_TYPES + 5; i += 1) observer.onHandled(`Type${i}`, 'ok', 0.001);
    const text = await metrics.registry.metrics();
    expect(samples(text, 'mast_dead_letters_total').sort()).toEqual([
      'mast_dead_letters_total{reason="max_deliveries",service="risk"} 1',
      'mast_dead_letters_total{reason="other",service="risk"} 1',
    ]);
    const handled = samples(text, 'mast_messages_handled_total');
    expect(handled).toHaveLength(MAX_EVENT_TYPES + 1);
    expect(handled).toContain('mast_messages_handled_total{outcome="ok",service="risk",stream="S",type="other"} 5');
  });
});
