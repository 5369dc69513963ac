import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * kill -9 of each service in turn in the middle of a lockstep run (right after a minute was
 * played, while the pipeline handles it: at an entry, at a stop-loss exit, between trades) and
 * a restart: the run must still decide exactly the backtest's trades, and the exchange must
 * hold no duplicated order. The kills land on the minutes where the sample's first trades open
 * and close (see the minute numbers), so state rebuilt from the log is exercised where it counts.
 */
const ROOT = join(__dirname, '..', '..', '..');

describe('recovery drill', () => {
  it('survives kill -9 of every service mid-run with the backtest’s trades and no duplicate order', () => {
    const ns = `t-drill-${randomBytes(3).toString('hex')}`;
    const portBase = String(20_000 + Math.floor(Math.random() * 20_000));
    // 1152: SOL entry; 1195: ETH entry; 1622: SOL stop-loss; 1700: between trades; 1869: ETH stop-loss.
    const kills = 'execution@1152,signal@1195,risk@1622,market-data@1700,projection@1750,execution@1869,risk@1869';
    const run = spawnSync(
      process.execPath,
      ['--conditions=@mast/source', '--import', 'tsx', join(ROOT, 'services', 'paper', 'src', 'main.ts'), '--to', '2025-05-06T00:00', '--ns', ns, '--check', '--cleanup', '--port-base', portBase, '--kill', kills],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, MAST_LOG_LEVEL: 'warn' }, timeout: 420_000 },
    );
    const output = `${run.stdout}\n${run.stderr}`;
    if (run.status !== 0) throw new Error(`recovery drill failed (${run.status}):\n${output.slice(-4000)}`);
    expect(output.match(/recovery drill: kill -9/g)).toHaveLength(7);
    expect(output).toMatch(/parity: the pipeline decided exactly the backtest's [2-9] trades/);
    expect(output).toMatch(/orders at the exchange: \d+ placed by us, 0 duplicated/);
    expect(output).toMatch(/read model \(Postgres\): [2-9] trades, equal to the executed ones/);
  }, 480_000);
});
