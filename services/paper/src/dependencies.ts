import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Dependency {
  readonly name: string;
  readonly url: string;
  readonly required: boolean;
}

export function answers(url: string, timeoutMs = 1500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Checks that NATS (and PostgreSQL and Redis, for the read model) answer, and says which does
 * not and how to start it, instead of failing later with a connection error.
 */
export async function checkDependencies(deps: readonly Dependency[], log: (line: string) => void): Promise<boolean> {
  let ok = true;
  for (const dep of deps) {
    if (await answers(dep.url)) continue;
    log(`${dep.required ? 'missing' : 'not answering (optional for now)'}: ${dep.name} at ${dep.url}`);
    if (dep.required) ok = false;
  }
  if (!ok) log('start the local services with: bash scripts/ensure-services.sh   (or docker compose up -d), or point NATS_URL, DATABASE_URL, REDIS_URL at running ones');
  return ok;
}

const NATS_SERVER_PATHS = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

/**
 * When NATS does not answer on the default local URL but a nats-server is installed, starts one
 * for this run (JetStream on, store in a temporary folder), stopped with the run.
 */
export async function startLocalNats(url: string, log: (line: string) => void): Promise<ChildProcess | null> {
  const binary = NATS_SERVER_PATHS.find((p) => existsSync(p));
  const { hostname, port } = new URL(url);
  if (!binary || !['127.0.0.1', 'localhost'].includes(hostname)) return null;
  const store = mkdtempSync(join(tmpdir(), 'mast-nats-'));
  log(`NATS does not answer at ${url}: starting ${binary} with JetStream (store ${store}) for this run`);
  const child = spawn(binary, ['-a', '127.0.0.1', '-p', port || '4222', '-js', '-sd', store], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    if (await answers(url, 200)) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  return null;
}
