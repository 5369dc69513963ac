import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNatsServer, spawnNatsServer } from './nats-server';
import { freePort } from './processes';


/**
 * A nats-server of the run's own (free port, temporary store), so a drill can kill -9 it and
 * start it again on the same port and store without touching the machine's shared server.
 */
export interface OwnNats {
  readonly url: string;
  restart(): Promise<void>;
  stop(): void;
}

export async function startOwnNats(): Promise<OwnNats> {
  const binary = findNatsServer();
  if (!binary) throw new Error('a drill with its own NATS needs nats-server installed');
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'mast-drill-nats-'));
  let child: ChildProcess;
  const start = async () => {
    const started = await spawnNatsServer(binary, port, store);
    if (!started) throw new Error(`nats-server did not answer on ${port} within 10 s`);
    child = started;
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    async restart() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // The hard way: no clean shutdown, the store as it was on disk.
      child.kill('SIGKILL');
      await exited;
      await start();
    },
    stop: () => void child.kill('SIGKILL'),
  };
}

/**
 * A TCP proxy in front of PostgreSQL for the projection, so a drill can make the database
 * unreachable for a while (open connections cut, new ones refused) without stopping the
 * machine's shared server.
 */
export interface CuttableProxy {
  readonly url: string;
  cut(forMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startPostgresProxy(targetUrl: string): Promise<CuttableProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let open = true;
  const server: Server = createServer((client) => {
    if (!open) return void client.destroy();
    const upstream = connect({ host: target.hostname || '127.0.0.1', port: Number(target.port || 5432) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const proxied = new URL(targetUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return {
    url: proxied.toString(),
    async cut(forMs) {
      open = false;
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => setTimeout(resolve, forMs));
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
