import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { REPO_ROOT } from './tools';

/**
 * The Dockerfile's build stage without Docker: the build context as .dockerignore leaves it,
 * copied to a folder, and the stage's own RUN lines executed there with `/out` pointing at a
 * folder of the test's. What the runtime stage copies (`/out`) is then what the test boots.
 * `npm install --global pnpm@...` is not run: the pnpm here must already be that version.
 */

/** A .dockerignore pattern as a regular expression over slash-separated relative paths. */
function ignoreRegex(pattern: string): RegExp {
  const body = pattern
    .replace(/^\.?\//, '')
    .replace(/\/$/, '')
    .split('/')
    .map((segment) => (segment === '**' ? '(?:.*/)?' : `${segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}/`))
    .join('')
    .replace(/\(\?:\.\*\/\)\?$/, '.*')
    .replace(/\/$/, '');
  // A pattern excludes the path itself and everything under it.
  return new RegExp(`^${body}(?:/.*)?$`);
}

export function dockerIgnore(): (path: string) => boolean {
  const patterns = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (patterns.some((p) => p.startsWith('!'))) throw new Error('.dockerignore exceptions (!) are not modelled by this test');
  const regexes = patterns.map(ignoreRegex);
  return (path) => regexes.some((r) => r.test(path));
}

/** Copies the build context (the repository minus .dockerignore) into `dest`; returns how many files. */
export function copyBuildContext(dest: string): number {
  const ignored = dockerIgnore();
  let count = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(REPO_ROOT, path);
      if (ignored(rel)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        mkdirSync(dirname(join(dest, rel)), { recursive: true });
        copyFileSync(path, join(dest, rel));
        count++;
      }
    }
  };
  walk(REPO_ROOT);
  return count;
}

interface StageRun {
  /** Runs once per image: the RUN lines after ARG SERVICE. */
  readonly perService: readonly string[];
  readonly shared: readonly string[];
  readonly pnpmVersion: string;
}

/** The build stage's RUN lines, split at `ARG SERVICE`. */
export function buildStageRuns(): StageRun {
  const lines = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ').split('\n');
  const stage = lines.slice(lines.findIndex((l) => /^FROM .* AS build$/.test(l)) + 1);
  const end = stage.findIndex((l) => l.startsWith('FROM '));
  const body = stage.slice(0, end);
  const argAt = body.findIndex((l) => l.trim() === 'ARG SERVICE');
  const runs = (part: string[]) => part.filter((l) => l.startsWith('RUN ')).map((l) => l.slice(4).trim());
  const [install, ...shared] = runs(body.slice(0, argAt));
  const pnpmVersion = /pnpm@(\S+)/.exec(install ?? '')?.[1];
  if (!install?.startsWith('npm install --global') || !pnpmVersion) throw new Error(`the build stage must start by installing pnpm; found: ${install}`);
  return { shared, perService: runs(body.slice(argAt + 1)), pnpmVersion };
}

function sh(script: string, cwd: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync('/bin/sh', ['-c', script], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`Dockerfile step failed (exit ${result.status}): ${script}\n${result.stdout}${result.stderr}${result.error?.message ?? ''}`);
}

/** The stage's shared steps in `context` (fetch, install, build). */
export function runSharedSteps(context: string): void {
  const { shared, pnpmVersion } = buildStageRuns();
  const version = spawnSync('pnpm', ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (version !== pnpmVersion) throw new Error(`the Dockerfile installs pnpm ${pnpmVersion}, but pnpm here is ${version || 'missing'}`);
  for (const step of shared) sh(step, context, {});
}

/** The per-image steps for one service, with the image's `/out` at `out`. */
export function runServiceSteps(context: string, service: string, out: string): void {
  for (const step of buildStageRuns().perService) sh(step.replace(/(^|\s)\/out(?=[\s/]|$)/g, `$1${out}`), context, { SERVICE: service });
}
