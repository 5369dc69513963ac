import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { promqlMetricNames, PromqlSyntaxError } from './metrics-names';
import { GRAFANA_DIR } from './prometheus-tools';

/**
 * The Grafana files: provisioned from files, one dashboard per service plus the portfolio, the
 * JSON equal to what build-dashboards.mjs writes, unique uids and panel ids, and every PromQL
 * expression parsing. That the expressions name only registered metrics is checked against the
 * running services in metrics.e2e.spec.ts.
 */

interface Panel {
  readonly id: number;
  readonly title: string;
  readonly datasource: { readonly uid: string };
  readonly targets: { readonly expr: string; readonly refId: string }[];
}
interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly panels: Panel[];
}

const DASHBOARDS = join(GRAFANA_DIR, 'dashboards');
const files = readdirSync(DASHBOARDS).filter((f) => f.endsWith('.json'));
const boards = files.map((f) => JSON.parse(readFileSync(join(DASHBOARDS, f), 'utf8')) as Dashboard);
const SERVICES_WITH_DASHBOARDS = ['market-data', 'signal', 'risk', 'execution', 'notifier', 'projection'];

describe('deploy/grafana', () => {
  it('has one dashboard per service plus the portfolio, with unique uids', () => {
    expect(boards.map((b) => b.uid).sort()).toEqual([...SERVICES_WITH_DASHBOARDS.map((s) => `mast-${s}`), 'mast-portfolio'].sort());
    for (const board of boards) {
      const ids = board.panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(board.panels.length).toBeGreaterThan(3);
    }
  });

  it('holds exactly what build-dashboards.mjs writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mast-grafana-'));
    try {
      const result = spawnSync(process.execPath, [join(GRAFANA_DIR, 'build-dashboards.mjs'), dir], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(readdirSync(dir).sort()).toEqual([...files].sort());
      for (const f of files) expect({ file: f, json: readFileSync(join(dir, f), 'utf8') }).toEqual({ file: f, json: readFileSync(join(DASHBOARDS, f), 'utf8') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('provisions the dashboards and the Prometheus data source from files', () => {
    const provider = YAML.parse(readFileSync(join(GRAFANA_DIR, 'provisioning', 'dashboards', 'mast.yml'), 'utf8')) as { apiVersion: number; providers: { type: string; options: { path: string } }[] };
    expect(provider.apiVersion).toBe(1);
    expect(provider.providers[0]!.type).toBe('file');
    const sources = YAML.parse(readFileSync(join(GRAFANA_DIR, 'provisioning', 'datasources', 'prometheus.yml'), 'utf8')) as { datasources: { uid: string; type: string }[] };
    const uid = sources.datasources.find((d) => d.type === 'prometheus')!.uid;
    for (const board of boards) for (const panel of board.panels) expect({ panel: `${board.uid}/${panel.title}`, uid: panel.datasource.uid }).toEqual({ panel: `${board.uid}/${panel.title}`, uid });
  });

  it('has only PromQL that parses, each naming at least one metric', () => {
    let count = 0;
    for (const board of boards) {
      for (const panel of board.panels) {
        expect(panel.targets.length).toBeGreaterThan(0);
        for (const target of panel.targets) {
          expect({ panel: `${board.uid}/${panel.title}`, names: promqlMetricNames(target.expr).length > 0 }).toEqual({ panel: `${board.uid}/${panel.title}`, names: true });
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(50);
  });

  it('would catch an expression that does not parse', () => {
    expect(() => promqlMetricNames('sum(rate(mast_orders_total[5m])')).toThrow(PromqlSyntaxError);
    expect(promqlMetricNames('histogram_quantile(0.99, sum by (le) (rate(mast_order_latency_seconds_bucket[5m]))) / up')).toEqual(['mast_order_latency_seconds_bucket', 'up']);
  });
});
