import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TRADE_FIELDS } from '../src/index';
import type { BacktestSummary } from '../src/index';
import { csvOf, M, T0, validRow, writeCandleFile } from './fixtures';

const ROOT = resolve(__dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const CLI = join(ROOT, 'packages', 'backtest', 'src', 'cli.ts');

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI as `pnpm backtest` does: tsx with the source condition, from the repo root. */
function runCli(args: readonly string[], cwd = ROOT): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [TSX, '--conditions=@mast/source', CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('backtest CLI (child process)', () => {
  jest.setTimeout(60_000);
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mast-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs five days of data/sample and writes every output', async () => {
    const out = join(dir, 'run');
    const result = await runCli(['--', '--from', '2025-05-05', '--to', '2025-05-10', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const name of ['trades.json', 'trades.csv', 'open-positions.json', 'equity.csv', 'summary.json', 'report.html']) {
      expect(existsSync(join(out, name))).toBe(true);
    }
    expect(result.stdout).toContain('Backtest BTCUSDT, ETHUSDT, SOLUSDT');
    expect(result.stdout).toMatch(/^BTCUSDT +\d+ /m);
    expect(result.stdout).toContain(`Wrote 6 files to ${out}`);

    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as BacktestSummary;
    const trades = JSON.parse(await readFile(join(out, 'trades.json'), 'utf8')) as Record<string, unknown>[];
    expect(summary.range.from).toBe('2025-05-05T00:00:00.000Z');
    expect(summary.range.to).toBe('2025-05-10T00:00:00.000Z');
    expect(summary.range.firstCandle).toBe('2025-05-05T00:00:00.000Z');
    expect(summary.range.lastCandle).toBe('2025-05-09T23:59:00.000Z'); // --to is exclusive
    expect(summary.range.candles).toBe(3 * 5 * 1440);
    expect(summary.symbols).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    expect(summary.tradeCount).toBe(trades.length);
    expect(trades.length).toBeGreaterThan(0);
    for (const trade of trades) expect(Object.keys(trade)).toEqual([...TRADE_FIELDS]);
    const pnl = trades.reduce((sum, t) => sum + (t.pnl as number), 0);
    expect(summary.netPnl).toBeCloseTo(pnl, 6);
    for (let i = 1; i < trades.length; i++) expect(trades[i]!.exitTs as number).toBeGreaterThanOrEqual(trades[i - 1]!.exitTs as number);
    expect(summary.perSymbol.reduce((sum, s) => sum + s.trades, 0)).toBe(trades.length);
    expect(summary.config.ema.slow).toBe(600);
    expect(summary.eventCounts.PositionClosed).toBe(trades.length);

    const csvLines = (await readFile(join(out, 'trades.csv'), 'utf8')).trimEnd().split('\n');
    expect(csvLines[0]).toBe(TRADE_FIELDS.join(','));
    expect(csvLines).toHaveLength(trades.length + 1);
    const equityLines = (await readFile(join(out, 'equity.csv'), 'utf8')).trimEnd().split('\n');
    expect(equityLines[0]).toBe('T,equity,drawdown');
    expect(equityLines).toHaveLength(5 * 1440 + 1); // one row per minute
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<section id="prices"');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('exits 2 and names every bad config key', async () => {
    const config = join(dir, 'bad.yaml');
    await writeFile(config, 'exits:\n  stopLos: 0.02\nrisk:\n  drawdown:\n    haltAt: 3\n');
    const result = await runCli(['--config', config, '--from', '2025-05-05', '--to', '2025-05-06', '--out', join(dir, 'never')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(config);
    expect(result.stderr).toContain('exits.stopLos: unknown key');
    expect(result.stderr).toContain('risk.drawdown.haltAt');
    expect(result.stdout).toBe('');
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('exits 2 and names file, line and field of a bad candle row', async () => {
    const data = join(dir, 'data');
    await mkdir(data);
    const rows = [0, 1, 2, 3].map((m) => validRow(m));
    rows[2] = `${T0 + 2 * M},100,90,95,92,1`;
    const file = await writeCandleFile(data, 'BTCUSDT', csvOf(rows));
    const result = await runCli(['--data', data, '--symbols', 'BTCUSDT', '--out', join(dir, 'never')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: ${file}:4 (high): high 90 is below low 95\n`);
  });
});
