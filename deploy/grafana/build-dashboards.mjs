// Writes deploy/grafana/dashboards/*.json: one dashboard per service plus the portfolio.
// `node deploy/grafana/build-dashboards.mjs [OUT_DIR]`; deploy/test/grafana.spec.ts checks the files are
// what this script writes, that every PromQL expression parses, and that it names only metrics
// the services register. Panels are built from small helpers so every dashboard reads alike.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DATASOURCE = { type: 'prometheus', uid: 'mast-prometheus' };
const SERVICES = ['market-data', 'signal', 'risk', 'execution', 'notifier', 'projection'];

function panelFactory() {
  let id = 0;
  let y = 0;
  let x = 0;
  const place = (w, h) => {
    if (x + w > 24) {
      x = 0;
      y += 8;
    }
    const gridPos = { x, y, w, h };
    x += w;
    return gridPos;
  };
  const targets = (queries) => queries.map(([expr, legend], i) => ({ refId: String.fromCharCode(65 + i), datasource: DATASOURCE, expr, legendFormat: legend }));
  return {
    timeseries(title, unit, queries, options = {}) {
      return { id: ++id, type: 'timeseries', title, datasource: DATASOURCE, gridPos: place(options.w ?? 12, 8), fieldConfig: { defaults: { unit, ...(options.max !== undefined ? { max: options.max } : {}), ...(options.thresholds ? { thresholds: options.thresholds } : {}) }, overrides: [] }, options: { legend: { displayMode: 'list', placement: 'bottom' } }, targets: targets(queries) };
    },
    stat(title, unit, queries, options = {}) {
      return { id: ++id, type: 'stat', title, datasource: DATASOURCE, gridPos: place(options.w ?? 6, 8), fieldConfig: { defaults: { unit, ...(options.thresholds ? { thresholds: options.thresholds } : {}), ...(options.mappings ? { mappings: options.mappings } : {}) }, overrides: [] }, options: { reduceOptions: { calcs: ['lastNotNull'] }, colorMode: 'background' }, targets: targets(queries) };
    },
  };
}

const steps = (...pairs) => ({ mode: 'absolute', steps: pairs.map(([value, color]) => ({ value, color })) });

function standardPanels(p, service) {
  const s = `service="${service}"`;
  return [
    p.stat('Up', 'none', [[`up{job="mast-${service}"}`, '{{instance}}']], { thresholds: steps([null, 'red'], [1, 'green']) }),
    p.stat('Dead letters (1h)', 'none', [[`sum(increase(mast_dead_letters_total{${s}}[1h]))`, 'dead letters']], { thresholds: steps([null, 'green'], [1, 'red']) }),
    p.stat('Consumer pending', 'none', [[`sum(mast_consumer_pending_messages{${s}})`, 'pending']], { thresholds: steps([null, 'green'], [100, 'orange'], [1000, 'red']) }),
    p.stat('Event loop lag p99', 's', [[`max(mast_nodejs_eventloop_lag_p99_seconds{${s}})`, 'p99']], { thresholds: steps([null, 'green'], [0.1, 'orange'], [1, 'red']) }),
    p.timeseries('Messages handled by outcome', 'ops', [[`sum by (outcome) (rate(mast_messages_handled_total{${s}}[5m]))`, '{{outcome}}']]),
    p.timeseries('Messages handled by type', 'ops', [[`sum by (type) (rate(mast_messages_handled_total{${s}}[5m]))`, '{{type}}']]),
    p.timeseries('Handle duration', 's', [
      [`histogram_quantile(0.5, sum by (le) (rate(mast_message_handle_duration_seconds_bucket{${s}}[5m])))`, 'p50'],
      [`histogram_quantile(0.99, sum by (le) (rate(mast_message_handle_duration_seconds_bucket{${s}}[5m])))`, 'p99'],
    ]),
    p.timeseries('Consumer pending (lag)', 'none', [[`max by (consumer) (mast_consumer_pending_messages{${s}})`, '{{consumer}}']]),
    p.timeseries('Redeliveries and dead letters', 'ops', [
      [`sum by (consumer) (rate(mast_consumer_redeliveries_total{${s}}[5m]))`, 'redelivered {{consumer}}'],
      [`sum by (reason) (rate(mast_dead_letters_total{${s}}[5m]))`, 'dead-lettered {{reason}}'],
    ]),
    p.timeseries('Memory and CPU', 'bytes', [
      [`mast_process_resident_memory_bytes{${s}}`, 'resident'],
      [`mast_nodejs_heap_size_used_bytes{${s}}`, 'heap used'],
    ]),
    p.timeseries('CPU', 'percentunit', [[`rate(mast_process_cpu_seconds_total{${s}}[5m])`, 'cpu']]),
    p.timeseries('Event loop lag', 's', [
      [`mast_nodejs_eventloop_lag_p50_seconds{${s}}`, 'p50'],
      [`mast_nodejs_eventloop_lag_p99_seconds{${s}}`, 'p99'],
    ]),
  ];
}

const TRADING_STATES = { type: 'value', options: { 0: { text: 'ACTIVE', color: 'green' }, 1: { text: 'REDUCING', color: 'orange' }, 2: { text: 'HALTED', color: 'red' } } };
const stateIndex = 'max(mast_trading_state{state="REDUCING"}) * 1 + max(mast_trading_state{state="HALTED"}) * 2';

const SPECIFIC = {
  'market-data': (p) => [
    p.timeseries('Age of the last closed candle', 's', [['max by (symbol) (mast_last_candle_age_seconds)', '{{symbol}}']], { thresholds: steps([null, 'green'], [90, 'red']) }),
    p.timeseries('Since the last candle close (alert at 90 s)', 's', [['time() - max by (symbol) (mast_last_candle_close_timestamp_seconds)', '{{symbol}}']]),
    p.timeseries('Late candles', 'ops', [['sum by (symbol) (rate(mast_late_candles_total[5m]))', '{{symbol}}']]),
  ],
  signal: () => [],
  risk: (p) => [
    p.stat('Trading state', 'none', [[stateIndex, 'state']], { mappings: [TRADING_STATES] }),
    p.timeseries('Drawdown (tiers 10% / 15% / 20%)', 'percentunit', [['max(mast_drawdown_ratio)', 'drawdown']], { thresholds: steps([null, 'green'], [0.1, 'orange'], [0.15, 'red']) }),
    p.timeseries('Exposure', 'percentunit', [['max(mast_exposure_ratio)', 'exposure / balance']]),
    p.timeseries('Size factor and open positions', 'none', [
      ['max(mast_size_factor_ratio)', 'size factor'],
      ['max(mast_open_positions)', 'open positions'],
    ]),
  ],
  execution: (p) => [
    p.timeseries('Orders by intent and outcome', 'ops', [['sum by (intent, outcome) (rate(mast_orders_total[5m]))', '{{intent}} {{outcome}}']]),
    p.timeseries('Order rejection ratio (alert at 20%)', 'percentunit', [['sum(increase(mast_orders_total{outcome="rejected"}[30m])) / sum(increase(mast_orders_total{outcome=~"rejected|filled"}[30m]))', 'rejected']]),
    p.timeseries('Order latency (request to final fact)', 's', [
      ['histogram_quantile(0.5, sum by (le, intent) (rate(mast_order_latency_seconds_bucket[5m])))', 'p50 {{intent}}'],
      ['histogram_quantile(0.99, sum by (le, intent) (rate(mast_order_latency_seconds_bucket[5m])))', 'p99 {{intent}}'],
    ]),
    p.timeseries('Reconciliation findings', 'none', [
      ['sum by (kind) (increase(mast_reconciliation_drift_total[15m]))', '{{kind}}'],
      ['sum(increase(mast_reconciliations_total[15m]))', 'reconciliations'],
    ]),
  ],
  notifier: () => [],
  projection: (p) => [
    p.timeseries('Read model behind the log', 'none', [['max by (consumer) (mast_consumer_pending_messages{service="projection"})', '{{consumer}}']]),
    p.timeseries('Newest event applied, age', 's', [['time() - mast_projection_last_event_timestamp_seconds', 'age']]),
    p.timeseries('Events applied', 'ops', [['sum by (outcome) (rate(mast_projection_events_total[5m]))', '{{outcome}}']]),
    p.timeseries('Batch duration', 's', [
      ['histogram_quantile(0.5, sum by (le) (rate(mast_projection_batch_duration_seconds_bucket[5m])))', 'p50'],
      ['histogram_quantile(0.99, sum by (le) (rate(mast_projection_batch_duration_seconds_bucket[5m])))', 'p99'],
    ]),
    p.timeseries('Batch and Redis failures', 'ops', [
      ['rate(mast_projection_batch_failures_total[5m])', 'batch retried'],
      ['rate(mast_projection_redis_failures_total[5m])', 'redis snapshot failed'],
    ]),
    p.timeseries('Query API requests', 'reqps', [['sum by (route, code) (rate(mast_http_requests_total[5m]))', '{{route}} {{code}}']]),
    p.timeseries('Query API latency p99', 's', [['histogram_quantile(0.99, sum by (le, route) (rate(mast_http_request_duration_seconds_bucket[5m])))', '{{route}}']]),
    p.stat('Dashboard browsers', 'none', [['sum(mast_dashboard_clients)', 'browsers']]),
  ],
};

function dashboard(uid, title, tags, panels) {
  return {
    uid,
    title,
    tags: ['mast', ...tags],
    timezone: 'utc',
    schemaVersion: 39,
    version: 1,
    editable: false,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [] },
    annotations: { list: [] },
    panels,
  };
}

function buildDashboards() {
  const out = {};
  for (const service of SERVICES) {
    const p = panelFactory();
    out[`mast-${service}.json`] = dashboard(`mast-${service}`, `MAST / ${service}`, ['service'], [...standardPanels(p, service), ...SPECIFIC[service](p)]);
  }
  const p = panelFactory();
  out['mast-portfolio.json'] = dashboard('mast-portfolio', 'MAST / portfolio', ['portfolio'], [
    p.stat('Trading state', 'none', [[stateIndex, 'state']], { mappings: [TRADING_STATES] }),
    p.stat('Equity', 'none', [['max(mast_equity_usdt)', 'USDT']]),
    p.stat('Drawdown', 'percentunit', [['max(mast_drawdown_ratio)', 'drawdown']], { thresholds: steps([null, 'green'], [0.1, 'orange'], [0.15, 'red']) }),
    p.stat('Open positions', 'none', [['max(mast_open_positions)', 'open']]),
    p.timeseries('Equity (USDT)', 'none', [['max(mast_equity_usdt)', 'equity']]),
    p.timeseries('Drawdown (tiers 10% / 15% / 20%)', 'percentunit', [['max(mast_drawdown_ratio)', 'drawdown']], { thresholds: steps([null, 'green'], [0.1, 'orange'], [0.15, 'red']) }),
    p.timeseries('Exposure and size factor', 'percentunit', [
      ['max(mast_exposure_ratio)', 'exposure'],
      ['max(mast_size_factor_ratio)', 'size factor'],
    ]),
    p.timeseries('Orders by outcome', 'ops', [['sum by (outcome) (rate(mast_orders_total[5m]))', '{{outcome}}']]),
    p.timeseries('Market data freshness', 's', [['time() - max by (symbol) (mast_last_candle_close_timestamp_seconds)', '{{symbol}}']]),
    p.timeseries('Reconciliation findings and dead letters', 'none', [
      ['sum by (kind) (increase(mast_reconciliation_drift_total[1h]))', 'drift {{kind}}'],
      ['sum by (service) (increase(mast_dead_letters_total[1h]))', 'dead letters {{service}}'],
    ]),
    p.timeseries('Services up', 'none', [['up{job=~"mast-.*"}', '{{job}}']], { w: 24 }),
  ]);
  return out;
}

const outDir = process.argv[2] ?? join(import.meta.dirname, 'dashboards');
for (const [name, board] of Object.entries(buildDashboards())) writeFileSync(join(outDir, name), `${JSON.stringify(board, null, 2)}\n`);
