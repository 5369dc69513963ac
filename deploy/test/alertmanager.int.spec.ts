import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT, amtoolBinary, run } from './tools';

/** deploy/alertmanager: `amtool check-config`, and its matchers name alerts that exist. */

const CONFIG = join(REPO_ROOT, 'deploy', 'alertmanager', 'alertmanager.yml');

function ruleAlerts(): Set<string> {
  const dir = join(REPO_ROOT, 'deploy', 'prometheus', 'rules');
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .flatMap((f) => ((parse(readFileSync(join(dir, f), 'utf8')) as { groups: { rules: { alert?: string }[] }[] }).groups ?? []).flatMap((g) => g.rules.map((r) => r.alert)));
  return new Set(names.filter((n): n is string => !!n));
}

describe('deploy/alertmanager/alertmanager.yml', () => {
  it('passes `amtool check-config`', () => {
    const result = run(amtoolBinary(), ['check-config', CONFIG]);
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('inhibits only alerts the rules define', () => {
    const config = parse(readFileSync(CONFIG, 'utf8')) as { inhibit_rules: { source_matchers: string[]; target_matchers: string[] }[] };
    const alerts = ruleAlerts();
    const named = config.inhibit_rules.flatMap((r) => [...r.source_matchers, ...r.target_matchers]).flatMap((m) => /^alertname=~?"(.*)"$/.exec(m)?.[1]?.split('|') ?? []);
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) expect({ name, defined: alerts.has(name) }).toEqual({ name, defined: true });
  });
});
