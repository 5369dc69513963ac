import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..', '..');
/** Replays and sweeps write here (ignored by git). */
export const RUNS_DIR = join(ROOT, 'runs');

/** What `run.json` records about a replay: enough to find its events and compare it with another run. */
export interface RunManifest {
  readonly kind: 'replay' | 'sweep';
  readonly name: string;
  readonly ns: string | null;
  readonly streams: readonly string[];
  readonly source: string;
  readonly from: string;
  readonly to: string;
  readonly symbols: readonly string[];
  readonly overrides: readonly { readonly key: string; readonly value: unknown }[];
  readonly config: unknown;
  readonly mode: 'lockstep' | 'fast' | null;
  readonly candles: number;
  readonly seconds: number;
  readonly createdAt: string;
  readonly equalsBacktest: boolean | null;
}

export async function writeManifest(dir: string, manifest: RunManifest): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'run.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** A run given as a name (under runs/) or a folder path. */
export function resolveRunDir(arg: string): string {
  const candidates = isAbsolute(arg) ? [arg] : [resolve(arg), join(RUNS_DIR, arg)];
  const found = candidates.find((dir) => existsSync(join(dir, 'summary.json')));
  if (!found) throw new Error(`no run at ${candidates.join(' or ')} (a run folder holds summary.json)`);
  return found;
}

export function readManifest(dir: string): RunManifest | null {
  const file = join(dir, 'run.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunManifest) : null;
}
