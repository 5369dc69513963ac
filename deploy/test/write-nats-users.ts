import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderUsersConf } from './nats-users';

/** `pnpm nats:users`: rewrites deploy/nats/users.conf from the contracts' builders. */
const target = join(__dirname, '..', 'nats', 'users.conf');
writeFileSync(target, renderUsersConf());
process.stdout.write(`wrote ${target}\n`);
