import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * The whole pipeline as processes (market-data, signal, risk, execution over the real NATS
 * JetStream, against the simulator) in lockstep on 36 hours of the real sample must decide
 * exactly the trades the in-process backtest finds on the same candles.
 */
const ROOT = join(__dirname, '..', '..', '..');

describe('lockstep paper run', () => {
  it('decides exactly the backtest’s trades on a slice of the sample', () => {
    const ns = `t-parity-${randomBytes(3).toString('hex')}`;
    const portBase = String(20_000 + Math.floor(Math.random() * 20_000));
    const run = spawnSync(
      process.execPath,
      ['--conditions=@mast/source', '--import', 'tsx', join(ROOT, 'services', 'paper', 'src', 'main.ts'), '--to', '2025-05-06T00:00', '--ns', ns, '--check', '--cleanup', '--port-base', portBase],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, MAST_LOG_LEVEL: 'warn' }, timeout: 240_000 },
    );
    const output = `${run.stdout}\n${run.stderr}`;
    if (run.status !== 0) throw new Error(`paper run failed (${run.status}):\n${output.slice(-4000)}`);
    const parity = /parity: the pipeline decided exactly the backtest's (\d+) trades/.exec(output);
    expect(parity).not.toBeNull();
    expect(Number(parity![1])).toBeGreaterThanOrEqual(2);
    const executed = /executed vs backtest: (\d+) trades/.exec(output);
    expect(Number(executed![1])).toBe(Number(parity![1]));
    expect(output).toMatch(/read model \(Postgres\): \d+ trades, equal to the executed ones/);
  }, 300_000);
});
