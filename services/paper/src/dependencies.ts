import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers, findNatsServer, spawnNatsServer } from './nats-server';

export interface Dependency {
  readonly name: string;
  readonly url: string;
  readonly required: boolean;
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

/**
 * When NATS does not answer on the default local URL but a nats-server is installed, starts one
 * for this run (JetStream on, store in a temporary folder), stopped with the run.
 */
export async function startLocalNats(url: string, log: (line: string) => void): Promise<ChildProcess | null> {
  const binary = findNatsServer();
  const { hostname, port } = new URL(url);
  if (!binary || !['127.0.0.1', 'localhost'].includes(hostname)) return null;
  const store = mkdtempSync(join(tmpdir(), 'mast-nats-'));
  log(`NATS does not answer at ${url}: starting ${binary} with JetStream (store ${store}) for this run`);
  return spawnNatsServer(binary, Number(port || 4222), store, 5_000);
}
