import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { natsUsers, renderUsersConf } from './nats-users';
import { REPO_ROOT, natsServerBinary, run } from './tools';

/** The committed NATS files: generated users equal the code's, and nats-server accepts the config. */

const NATS_DIR = join(REPO_ROOT, 'deploy', 'nats');
const stubPasswords = () => Object.fromEntries(natsUsers().map((u) => [u.passwordEnv, 'pstub']));

describe('deploy/nats', () => {
  it('users.conf is what the contracts builders generate (run `pnpm nats:users` after changing streams, subjects or consumers)', () => {
    expect(readFileSync(join(NATS_DIR, 'users.conf'), 'utf8')).toBe(renderUsersConf());
  });

  it('nats.conf passes `nats-server -t` with every password variable set', () => {
    const result = run(natsServerBinary(), ['-c', join(NATS_DIR, 'nats.conf'), '-t'], { env: { PATH: process.env.PATH ?? '', ...stubPasswords() } });
    expect(`${result.stdout}${result.stderr}`).toMatch(/configuration file .* is valid/);
    expect(result.status).toBe(0);
  });

  it('nats.conf is refused when a password variable is missing, naming it (no default password exists)', () => {
    const { NATS_PASSWORD_RISK: _missing, ...env } = stubPasswords();
    const result = run(natsServerBinary(), ['-c', join(NATS_DIR, 'nats.conf'), '-t'], { env: { PATH: process.env.PATH ?? '', ...env } });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('NATS_PASSWORD_RISK');
  });
});
