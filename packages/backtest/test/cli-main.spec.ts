import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DATA_DIR, defaultOutDir, EXIT_BAD_INPUT, EXIT_OK, main } from '../src/index';
import type { CliIo } from '../src/index';

/** The CLI in-process, with its output captured. */
async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
    now: () => new Date(Date.UTC(2025, 5, 1, 8, 30, 5)),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('backtest CLI (in process)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mast-cli-main-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the repo sample by default and writes to out/backtest-<UTC stamp> under the cwd', async () => {
    expect(DEFAULT_DATA_DIR).toMatch(/data[\\/]sample$/);
    expect(defaultOutDir('/work', new Date(Date.UTC(2025, 5, 1, 8, 30, 5)))).toBe('/work/out/backtest-20250601-083005');
    const result = await run(['--from', '2025-05-06T00:00', '--to', '2025-05-06T02:00', '--symbols', 'SOLUSDT'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toContain('Wrote 6 files to out/backtest-20250601-083005');
    expect((await readdir(join(dir, 'out', 'backtest-20250601-083005'))).sort()).toEqual(
      ['equity.csv', 'open-positions.json', 'report.html', 'summary.json', 'trades.csv', 'trades.json'],
    );
  });

  it('prints the usage for --help', async () => {
    const result = await run(['--', '--help'], dir);
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toContain('Usage: pnpm backtest -- [options]');
    for (const option of ['--data', '--from', '--to', '--symbols', '--config', '--out']) expect(result.stdout).toContain(option);
  });

  it.each([
    [['--fast'], /error: unknown option --fast\nRun with --help/],
    [['--data', '/nonexistent/folder'], /--data \/nonexistent\/folder: no such folder/],
    [['--symbols', 'BTCUSDT,DOGEUSDT'], /symbols\.1: DOGEUSDT has no entry in instruments/],
    [['--symbols', 'BTCUSDT', '--from', '2030-01-01'], /no candles of BTCUSDT in .* between 2030-01-01T00:00:00.000Z to …/],
    [['--config', 'missing.yaml'], /missing\.yaml:\n.*config file not found/],
  ])('%j exits 2 with a clear message', async (argv, message) => {
    const result = await run(argv as string[], dir);
    expect(result.code).toBe(EXIT_BAD_INPUT);
    expect(result.stderr).toMatch(message as RegExp);
    expect(result.stdout).toBe('');
  });

  it('exits 2 naming the missing symbol file', async () => {
    const result = await run(['--data', dir, '--symbols', 'BTCUSDT'], dir);
    expect(result.code).toBe(EXIT_BAD_INPUT);
    expect(result.stderr).toBe(`error: ${join(dir, 'BTCUSDT-1m.csv.gz')}: missing file: every symbol needs its {SYMBOL}-1m.csv.gz in the data folder\n`);
  });
});
