import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './tools';

/**
 * Every alert has a runbook entry (`### <AlertName>` in docs/operations.md) that says what it
 * means, what to check and what to do. The alerts are read from deploy/prometheus/rules/*.yml;
 * while that folder does not exist, from the fixed list the rules were agreed on.
 */

const AGREED_ALERTS = ['MastServiceDown', 'MastMarketDataStale', 'MastConsumerLagGrowing', 'MastDeadLetters', 'MastOrderRejectionRatioHigh', 'MastDrawdownReduce', 'MastDrawdownBlock', 'MastHalted', 'MastReconciliationDrift', 'MastProjectionLag'];
const RULES_DIR = join(REPO_ROOT, 'deploy', 'prometheus', 'rules');

function alertNames(): string[] {
  if (!existsSync(RULES_DIR)) return AGREED_ALERTS;
  const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'));
  return files.flatMap((file) => {
    const doc = parse(readFileSync(join(RULES_DIR, file), 'utf8')) as { groups?: { rules?: { alert?: string }[] }[] };
    return (doc.groups ?? []).flatMap((g) => (g.rules ?? []).map((r) => r.alert).filter((a): a is string => typeof a === 'string'));
  });
}

/** The runbook's entries: heading -> body up to the next heading. */
function runbookEntries(): Map<string, string> {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
  const entries = new Map<string, string>();
  const parts = doc.split(/^### /m).slice(1);
  for (const part of parts) {
    const [heading = '', ...body] = part.split('\n');
    entries.set(heading.trim(), body.join('\n').split(/^## /m)[0]!);
  }
  return entries;
}

describe('runbook (docs/operations.md)', () => {
  const alerts = alertNames();
  const entries = runbookEntries();

  it('finds the alerts to cover', () => {
    expect(alerts.length).toBeGreaterThanOrEqual(AGREED_ALERTS.length);
    for (const agreed of AGREED_ALERTS) expect(alerts).toContain(agreed);
  });

  it.each(alertNames())('has an entry for %s with meaning, first checks and remedy', (alert) => {
    const body = entries.get(alert);
    expect({ alert, entry: body !== undefined }).toEqual({ alert, entry: true });
    for (const part of ['**Meaning**', '**First checks**', '**Remedy**']) expect({ alert, part, present: body!.includes(part) }).toEqual({ alert, part, present: true });
  });

  it('has no entry for an alert that does not exist', () => {
    const headings = [...entries.keys()].filter((h) => h.startsWith('Mast'));
    expect(headings.filter((h) => !alerts.includes(h))).toEqual([]);
  });
});
