import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { PROMETHEUS_DIR, REQUIRED_ALERTS, runPromtool } from './prometheus-tools';

/**
 * The Prometheus files as CI checks them: promtool's own config and rule checks, the rule unit
 * tests (every alert fires when it should and stays quiet when it should not), and the
 * conventions the runbook and Alertmanager routing rely on.
 */

interface Rule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

const ruleFiles = readdirSync(join(PROMETHEUS_DIR, 'rules')).filter((f) => f.endsWith('.yml'));
const rules: Rule[] = ruleFiles.flatMap((f) => (YAML.parse(readFileSync(join(PROMETHEUS_DIR, 'rules', f), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules));
const alerts = rules.filter((r) => r.alert);

describe('deploy/prometheus', () => {
  it('passes promtool check config (scrape config and the rule files it names)', () => {
    const result = runPromtool(['check', 'config', 'prometheus.yml']);
    expect(result).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('passes promtool check rules', () => {
    const result = runPromtool(['check', 'rules', ...ruleFiles.map((f) => join('rules', f))]);
    expect(result).toEqual({ status: 0, output: expect.stringContaining(`SUCCESS: ${rules.length} rules found`) });
  });

  it('passes promtool test rules', () => {
    const result = runPromtool(['test', 'rules', ...readdirSync(join(PROMETHEUS_DIR, 'tests')).map((f) => join('tests', f))]);
    if (result.status !== 0) throw new Error(result.output);
    expect(result.output).toContain('SUCCESS');
  });

  it('defines each alert of the runbook once, with a severity and its runbook section', () => {
    expect(alerts.map((a) => a.alert).sort()).toEqual(expect.arrayContaining([...REQUIRED_ALERTS].sort()));
    expect(new Set(alerts.map((a) => a.alert)).size).toBe(alerts.length);
    for (const a of alerts) {
      expect({ alert: a.alert, severity: a.labels?.severity }).toEqual({ alert: a.alert, severity: expect.stringMatching(/^(warning|critical)$/) });
      expect({ alert: a.alert, runbook: a.annotations?.runbook_url }).toEqual({ alert: a.alert, runbook: `docs/operations.md#${a.alert!.toLowerCase()}` });
      expect(a.annotations?.summary).toBeTruthy();
    }
  });

  it('unit-tests every alert both firing and quiet', () => {
    const tests = readdirSync(join(PROMETHEUS_DIR, 'tests')).flatMap(
      (f) => (YAML.parse(readFileSync(join(PROMETHEUS_DIR, 'tests', f), 'utf8')) as { tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[] }).tests,
    );
    const cases = tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const a of alerts) {
      const mine = cases.filter((c) => c.alertname === a.alert);
      expect({ alert: a.alert, fires: mine.some((c) => c.exp_alerts.length > 0), quiet: mine.some((c) => c.exp_alerts.length === 0) }).toEqual({ alert: a.alert, fires: true, quiet: true });
    }
  });

  it('has unit tests that fail when a threshold is wrong', () => {
    // The same tests against a copy whose drawdown tiers moved: promtool must report failures,
    // or the tests above would pass whatever the rules said.
    const dir = mkdtempSync(join(tmpdir(), 'mast-prom-'));
    try {
      cpSync(PROMETHEUS_DIR, dir, { recursive: true });
      const file = join(dir, 'rules', 'mast-alerts.yml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('max(mast_drawdown_ratio) >= 0.15', 'max(mast_drawdown_ratio) >= 0.20'));
      const result = runPromtool(['test', 'rules', join('tests', 'mast-alerts.test.yml')], { cwd: dir });
      expect(result.status).toBe(1);
      expect(result.output).toMatch(/alertname: MastDrawdownBlock/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
