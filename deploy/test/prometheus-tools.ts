import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root, from deploy/test. */
export const ROOT = join(__dirname, '..', '..');
export const PROMETHEUS_DIR = join(ROOT, 'deploy', 'prometheus');
export const GRAFANA_DIR = join(ROOT, 'deploy', 'grafana');

/** The alerts the runbook (docs/operations.md) has a section for, one each; the rules must define exactly these. */
export const REQUIRED_ALERTS = [
  'MastServiceDown',
  'MastMarketDataStale',
  'MastConsumerLagGrowing',
  'MastDeadLetters',
  'MastOrderRejectionRatioHigh',
  'MastDrawdownReduce',
  'MastDrawdownBlock',
  'MastHalted',
  'MastReconciliationDrift',
  'MastProjectionLag',
] as const;

/** promtool where `bash scripts/ensure-tools.sh` puts it; a clear failure when it is not there. */
export function promtool(): string {
  const path = join(ROOT, '.tools', 'prometheus', 'usr', 'bin', 'promtool');
  if (!existsSync(path)) throw new Error(`promtool not found at ${path}: install it with \`bash scripts/ensure-tools.sh\``);
  return path;
}

export interface PromtoolResult {
  readonly status: number | null;
  readonly output: string;
}

export function runPromtool(args: readonly string[], options: { cwd?: string; input?: string } = {}): PromtoolResult {
  const result = spawnSync(promtool(), [...args], { cwd: options.cwd ?? PROMETHEUS_DIR, encoding: 'utf8', timeout: 60_000, ...(options.input === undefined ? {} : { input: options.input }) });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}
