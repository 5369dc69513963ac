import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

const NATS_SERVER_PATHS = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

/** The installed nats-server binary, if any (Debian's package puts it in /usr/sbin). */
export function findNatsServer(): string | undefined {
  return NATS_SERVER_PATHS.find((p) => existsSync(p));
}

/** Whether something accepts TCP connections at the URL's host and port. */
export function answers(url: string, timeoutMs = 1500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Starts nats-server with JetStream on 127.0.0.1:`port`, its store in `store`, and resolves once
 * it answers; null (the process killed) if it did not within `timeoutMs`.
 */
export async function spawnNatsServer(binary: string, port: number, store: string, timeoutMs = 10_000): Promise<ChildProcess | null> {
  const child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], { stdio: 'ignore' });
  const url = `nats://127.0.0.1:${port}`;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (await answers(url, 200)) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  return null;
}
