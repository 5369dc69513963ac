import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/**
 * The dashboard's files, read once at start: hand-written HTML, CSS and JavaScript with no
 * dependency, so the page needs no network beyond this service. They live beside src/ and dist/
 * (`services/projection/dashboard`), so the same relative path works from both.
 */
export const DASHBOARD_DIR = join(__dirname, '..', '..', 'dashboard');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface DashboardAsset {
  readonly body: Buffer;
  readonly type: string;
}

export function loadDashboardAssets(dir: string = DASHBOARD_DIR): Map<string, DashboardAsset> {
  const assets = new Map<string, DashboardAsset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type) assets.set(name, { body: readFileSync(join(dir, name)), type });
  }
  if (!assets.has('index.html')) throw new Error(`the dashboard has no index.html in ${dir}`);
  return assets;
}
