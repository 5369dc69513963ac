import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startPaperRun, type PaperRun } from '../../../deploy/test/metrics-paper-run';

/**
 * The dashboard in a real browser during a paper run: Debian's headless Chromium loads the page
 * served by the projection while the pipeline plays the sample, a trade appears in the table
 * without a reload, the page asks nothing of any host but the projection, and a screenshot is
 * saved (.test-results/dashboard.png).
 */
const ROOT = join(__dirname, '..', '..', '..');
const SHOTS = join(ROOT, '.test-results');

function chromiumPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('chromium not found: install it with `bash scripts/ensure-tools.sh`');
  }
}

let browser: Browser;
let run: PaperRun;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await run?.stop();
}, 60_000);

describe('the live dashboard during a paper run', () => {
  it('shows a trade the pipeline makes while the page is open, without a reload', async () => {
    // Five days: the run is still playing when the screenshot is taken (it is interrupted after).
    run = await startPaperRun({ to: '2025-05-09T00:00' });
    const line = await run.waitForLine(/^dashboard: http:\/\/\S+/, 120_000);
    const url = /^dashboard: (http:\/\/\S+)/.exec(line)![1]!;
    const origin = new URL(url).origin;

    const page = await browser.newPage({ viewport: { width: 1600, height: 1300 } });
    const foreign: string[] = [];
    // Nothing but the projection itself: a request elsewhere (a CDN, a font) is refused and recorded.
    await page.route('**/*', (route) => {
      const target = route.request().url();
      if (target.startsWith(origin) || target.startsWith('data:')) return route.continue();
      foreign.push(target);
      return route.abort();
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });

    await page.goto(url);
    await page.getByTestId('live').filter({ hasText: 'live' }).waitFor({ timeout: 30_000 });
    const rows = page.locator('[data-testid="trades"] tbody tr');
    const before = await rows.count();
    // One row more than at load: a trade committed after the page got its snapshot.
    await rows.nth(before).waitFor({ timeout: 90_000 });
    const after = await rows.count();
    expect(after).toBeGreaterThan(before);
    const firstRow = await rows.first().locator('td').allInnerTexts();
    expect(firstRow[0]).toMatch(/^(BTC|ETH|SOL)USDT$/);
    expect(firstRow[6]).toMatch(/^(TAKE_PROFIT|STOP_LOSS|TIME_EXIT|REGIME_EXIT|HALT|FLATTEN|[A-Z_]+)$/);

    // Let the charts fill a little more, then keep a picture of it.
    await page.waitForTimeout(3000);
    await expect(page.getByTestId('equity-chart').locator('path').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('[data-testid^="asset-"]').count()).resolves.toBe(3);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });

    expect(navigations).toBe(1);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);
});
