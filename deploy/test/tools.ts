import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root, from deploy/test. */
export const REPO_ROOT = join(__dirname, '..', '..');

export class MissingToolError extends Error {
  override readonly name = 'MissingToolError';
  constructor(tool: string, tried: readonly string[]) {
    super(`${tool} not found (looked at ${tried.join(', ')}); install it with \`bash scripts/ensure-tools.sh\` (validators) or \`bash scripts/ensure-services.sh\` (nats-server)`);
  }
}

function findOnDisk(tool: string, candidates: readonly string[]): string {
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new MissingToolError(tool, candidates);
  return found;
}

export function natsServerBinary(): string {
  return findOnDisk('nats-server', ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server']);
}

/** amtool from Debian's prometheus-alertmanager, extracted into .tools/ as promtool is (scripts/ensure-tools.sh). */
export function amtoolBinary(): string {
  return findOnDisk('amtool', [join(REPO_ROOT, '.tools', 'alertmanager', 'usr', 'bin', 'amtool'), '/usr/bin/amtool']);
}

export function dockerComposeBinary(): string {
  return findOnDisk('docker-compose', ['/usr/bin/docker-compose', '/usr/local/bin/docker-compose']);
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a validator and returns its exit code and output (never throws on a non-zero exit). */
export function run(binary: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunResult {
  const result = spawnSync(binary, [...args], { cwd: options.cwd ?? REPO_ROOT, env: options.env ?? process.env, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
