import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU seconds (user + system) a process has used so far, from Linux /proc; NaN when unreadable. */
export function cpuSecondsOf(pid: number | undefined): number {
  try {
    // Fields after the command name, which may itself hold spaces: utime and stime are 14th and 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The pid of the nats-server on this machine when there is exactly one, so its CPU can be counted too. */
export function localNatsServerPid(): number | undefined {
  try {
    const pids = execFileSync('pgrep', ['-x', 'nats-server'], { encoding: 'utf8' }).trim().split('\n');
    return pids.length === 1 ? Number(pids[0]) : undefined;
  } catch {
    return undefined;
  }
}
