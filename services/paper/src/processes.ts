import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

const COLORS = [36, 33, 35, 32, 34, 91];

export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly port: number;
}

/** One pino JSON line as a short human line: level, message and a few fields. */
function format(line: string): string {
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const { level, msg, time: _t, service: _s, instance: _i, pid: _p, hostname: _h, ...rest } = entry;
    const label = typeof level === 'number' ? ({ 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' } as Record<number, string>)[level] : String(level ?? '');
    const fields = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    return `${label} ${String(msg ?? '')}${fields.length > 300 ? `${fields.slice(0, 300)}…` : fields}`;
  } catch {
    return line;
  }
}

/** Whether this runner is the compiled one (`pnpm build`): then the services run compiled too. */
const COMPILED = __filename.endsWith('.js');

/**
 * Starts a service as its own process, with its log lines prefixed by its name, as `pnpm start`
 * shows them: from its TypeScript sources through tsx, or, when this runner itself was compiled,
 * from `dist/` with plain node, as production runs it.
 */
export function startServiceProcess(root: string, name: string, index: number, port: number, env: NodeJS.ProcessEnv, print: (line: string) => void): ServiceProcess {
  const args = COMPILED ? [join(root, 'services', name, 'dist', 'main.js')] : ['--conditions=@mast/source', '--import', 'tsx', join(root, 'services', name, 'src', 'main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...env, MAST_HTTP_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const color = COLORS[index % COLORS.length];
  const prefix = process.stdout.isTTY ? `\x1b[${color}m[${name}]\x1b[0m` : `[${name}]`;
  for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (line) => print(`${prefix} ${format(line)}`));
  return { name, child, port };
}

export async function waitReady(service: ServiceProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited with code ${service.child.exitCode} before it was ready`);
    try {
      const res = await fetch(`http://127.0.0.1:${service.port}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.name} was not ready after ${timeoutMs} ms`);
}

export async function stopAll(services: readonly ServiceProcess[]): Promise<void> {
  await Promise.all(
    services.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.child.exitCode !== null) return resolve();
          s.child.once('exit', () => resolve());
          s.child.kill('SIGTERM');
          setTimeout(() => s.child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}

/** A TCP port free on loopback right now, for a service or server started next. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What a service needs to trade on a local simulator: its URLs, a key pair of one of its accounts, and the symbols. */
export function simulatorEnv(sim: { readonly url: string; readonly wsPublicUrl: string; readonly wsPrivateUrl: string }, apiKey: string, apiSecret: string, symbols: readonly string[]): NodeJS.ProcessEnv {
  return {
    BYBIT_ENV: 'custom',
    BYBIT_BASE_URL: sim.url,
    BYBIT_WS_PUBLIC_URL: sim.wsPublicUrl,
    BYBIT_WS_PRIVATE_URL: sim.wsPrivateUrl,
    BYBIT_API_KEY: apiKey,
    BYBIT_API_SECRET: apiSecret,
    BYBIT_SYMBOLS: symbols.join(','),
  };
}
