import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { SERVICES } from '../../services/paper/src/paper-run';
import { exposedMetricNames, promqlMetricNames, PROMETHEUS_OWN_METRICS } from './metrics-names';
import { startPaperRun, type PaperRun } from './metrics-paper-run';
import { GRAFANA_DIR, PROMETHEUS_DIR, runPromtool } from './prometheus-tools';

/**
 * The metrics as the services really register them: a paper run starts every service as its own
 * process; while it plays, each service's /metrics is scraped, checked with
 * `promtool check metrics`, and the names it exposes are the only names the Grafana dashboards
 * and the alert rules may use. No list of names is written by hand here.
 */

let run: PaperRun;
const bodies = new Map<string, string>();

beforeAll(async () => {
  run = await startPaperRun({ to: '2025-05-09T00:00' });
  await run.waitForLine(/all services ready/, 120_000);
  // Let some candles through, so counters and histograms have series as well as declarations.
  await run.waitForLine(/^progress: /, 60_000);
  for (const [i, service] of SERVICES.entries()) {
    const res = await fetch(`http://127.0.0.1:${run.portBase + i}/metrics`);
    if (!res.ok) throw new Error(`${service} /metrics answered ${res.status}`);
    bodies.set(service, await res.text());
  }
}, 200_000);

afterAll(async () => {
  await run?.stop();
}, 60_000);

const registered = () => {
  const all = new Set(PROMETHEUS_OWN_METRICS);
  for (const body of bodies.values()) for (const name of exposedMetricNames(body)) all.add(name);
  return all;
};

describe('metrics of the running services', () => {
  it('pass promtool check metrics, for every service', () => {
    expect([...bodies.keys()]).toEqual([...SERVICES]);
    for (const [service, body] of bodies) {
      const result = runPromtool(['check', 'metrics'], { input: body });
      expect({ service, status: result.status, output: result.output.trim() }).toEqual({ service, status: 0, output: '' });
    }
  });

  it('include what every service must expose: message handling, lag, dead letters and the Node runtime', () => {
    for (const [service, body] of bodies) {
      const names = exposedMetricNames(body);
      for (const name of ['mast_messages_handled_total', 'mast_message_handle_duration_seconds', 'mast_consumer_pending_messages', 'mast_consumer_redeliveries_total', 'mast_dead_letters_total', 'mast_process_cpu_seconds_total', 'mast_nodejs_eventloop_lag_p99_seconds']) {
        expect({ service, name, exposed: names.has(name) }).toEqual({ service, name, exposed: true });
      }
      // Every series carries the service's own name (the registry's default label).
      expect(body).toMatch(new RegExp(`^mast_process_cpu_seconds_total\\{[^}]*service="${service}"`, 'm'));
    }
  });

  it('are the only ones the Grafana dashboards name, each service dashboard its own service’s', () => {
    const all = registered();
    const dir = join(GRAFANA_DIR, 'dashboards');
    for (const file of readdirSync(dir)) {
      const board = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { uid: string; panels: { title: string; targets: { expr: string }[] }[] };
      const service = board.uid.replace(/^mast-/, '');
      // A service of the paper run is held to its own names; the others (portfolio, a service the run does not start) to all.
      const own = bodies.has(service) ? new Set([...exposedMetricNames(bodies.get(service)!), ...PROMETHEUS_OWN_METRICS]) : all;
      for (const panel of board.panels) {
        for (const target of panel.targets) {
          const unknown = promqlMetricNames(target.expr).filter((n) => !own.has(n));
          expect({ panel: `${board.uid}/${panel.title}`, unknown }).toEqual({ panel: `${board.uid}/${panel.title}`, unknown: [] });
        }
      }
    }
  });

  it('are the only ones the alert rules name', () => {
    const all = registered();
    for (const file of readdirSync(join(PROMETHEUS_DIR, 'rules'))) {
      const doc = YAML.parse(readFileSync(join(PROMETHEUS_DIR, 'rules', file), 'utf8')) as { groups: { rules: { alert?: string; record?: string; expr: string }[] }[] };
      for (const rule of doc.groups.flatMap((g) => g.rules)) {
        const unknown = promqlMetricNames(rule.expr).filter((n) => !all.has(n));
        expect({ rule: rule.alert ?? rule.record, unknown }).toEqual({ rule: rule.alert ?? rule.record, unknown: [] });
      }
    }
  });
});
