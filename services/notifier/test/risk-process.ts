import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RiskProcess {
  readonly child: ChildProcess;
  readonly output: string[];
  stop(): Promise<void>;
}

/** The real risk service as its own process (from its sources, through tsx), ready when /readyz says so. */
export async function startRiskProcess(env: Record<string, string>): Promise<RiskProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--conditions=@mast/source', '--import', 'tsx', join(ROOT, 'services', 'risk', 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, MAST_HTTP_PORT: String(port), MAST_HTTP_HOST: '127.0.0.1', MAST_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`risk exited with ${child.exitCode}: ${output.join('')}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`risk was not ready within 45 s: ${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, output, stop };
}
