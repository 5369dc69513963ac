import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './tools';

/**
 * The Dockerfile cannot be built here (no Docker engine): its policy is checked as text, and
 * deploy-boot.e2e.spec.ts runs the same `pnpm deploy` step and boots the result with plain node.
 */

const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const stages = instructions.reduce<string[][]>((acc, line) => {
  if (/^FROM /i.test(line)) acc.push([]);
  acc.at(-1)?.push(line);
  return acc;
}, []);
const rootPackage = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { packageManager: string; engines: { node: string } };

describe('Dockerfile', () => {
  it('is multi-stage on a pinned node:20 slim image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const base = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
    expect(base).toMatch(/^node:20\.\d+\.\d+-[a-z]+-slim$/);
    expect(rootPackage.engines.node).toMatch(/^>=20\./);
    expect(dockerfile).not.toMatch(/:latest\b/);
  });

  it('installs the pnpm of packageManager and deploys one service with production dependencies', () => {
    const pnpm = rootPackage.packageManager.split('@')[1];
    expect(dockerfile).toContain(`pnpm@${pnpm}`);
    const build = stages[0]!.join('\n');
    expect(build).toMatch(/pnpm install --frozen-lockfile/);
    expect(build).toMatch(/pnpm run build/);
    expect(build).toMatch(/pnpm --filter "@mast\/\$\{SERVICE\}" --prod deploy \/out/);
  });

  it('runs the final stage as a numeric non-root user with a /livez healthcheck and node in exec form', () => {
    const final = stages.at(-1)!;
    const user = final.find((line) => line.startsWith('USER '));
    expect(user).toMatch(/^USER [1-9]\d*(:[1-9]\d*)?$/);
    expect(final.find((line) => line.startsWith('HEALTHCHECK '))).toContain('/livez');
    expect(final.at(-1)).toBe('CMD ["node", "dist/main.js"]');
    // Only the deployed folder crosses into the runtime image, not the sources or the store.
    expect(final.filter((line) => line.startsWith('COPY'))).toEqual(['COPY --from=build /out /app']);
  });

  it('keeps secrets, local state and build output out of the build context', () => {
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '.git', '.env', '.env.*', 'secrets']) expect(ignored).toContain(entry);
  });
});
