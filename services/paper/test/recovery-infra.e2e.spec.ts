import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * kill -9 of the NATS server (the run's own, on its own port and store) and PostgreSQL
 * unreachable for the projection, each twice, in the middle of a lockstep run: the services
 * reconnect, nothing is lost or applied twice (the run still equals the backtest, the exchange
 * holds no duplicated order, and the read model ends with exactly the executed trades).
 */
const ROOT = join(__dirname, '..', '..', '..');

describe('recovery drill: infrastructure', () => {
  it('survives NATS killed and Postgres unreachable mid-run', () => {
    const ns = `t-infra-${randomBytes(3).toString('hex')}`;
    const portBase = String(20_000 + Math.floor(Math.random() * 20_000));
    // 1000: before the first trade; 1153: after the SOL entry; 1623: after the SOL stop-loss; 1700: between trades.
    const faults = 'nats@1000,postgres@1153,nats@1623,postgres@1700';
    const run = spawnSync(
      process.execPath,
      ['--conditions=@mast/source', '--import', 'tsx', join(ROOT, 'services', 'paper', 'src', 'main.ts'), '--to', '2025-05-06T00:00', '--ns', ns, '--check', '--cleanup', '--port-base', portBase, '--kill', faults],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, MAST_LOG_LEVEL: 'warn' }, timeout: 420_000 },
    );
    const output = `${run.stdout}\n${run.stderr}`;
    if (run.status !== 0) throw new Error(`infrastructure drill failed (${run.status}):\n${output.slice(-4000)}`);
    expect(output.match(/recovery drill: kill -9 nats-server/g)).toHaveLength(2);
    expect(output.match(/recovery drill: PostgreSQL unreachable/g)).toHaveLength(2);
    expect(output).toMatch(/parity: the pipeline decided exactly the backtest's [2-9] trades/);
    expect(output).toMatch(/orders at the exchange: \d+ placed by us, 0 duplicated/);
    expect(output).toMatch(/read model \(Postgres\): [2-9] trades, equal to the executed ones/);
  }, 480_000);
});
