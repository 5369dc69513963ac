import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './prometheus-tools';

/**
 * A paper run (`pnpm start`) as a child process, for tests that need every service running: it
 * resolves once the runner printed that all services are ready, and `stop()` interrupts it as
 * Ctrl-C would (the runner stops its services and deletes its namespace).
 */
export interface PaperRun {
  readonly ns: string;
  readonly portBase: number;
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first output line matching, or rejects when the run ends or time runs out. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startPaperRun(options: { readonly to: string; readonly extraArgs?: readonly string[] }): Promise<PaperRun> {
  const ns = `t-read-${randomBytes(3).toString('hex')}`;
  const portBase = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(
    process.execPath,
    ['--conditions=@mast/source', '--import', 'tsx', join(ROOT, 'services', 'paper', 'src', 'main.ts'), '--to', options.to, '--ns', ns, '--cleanup', '--port-base', String(portBase), ...(options.extraArgs ?? [])],
    { cwd: ROOT, env: { ...process.env, MAST_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const w of waiters) if (w.pattern.test(line)) w.resolve(line);
    });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const run: PaperRun = {
    ns,
    portBase,
    child,
    lines,
    waitForLine(pattern, timeoutMs) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = { pattern, resolve: (line: string) => done(() => resolve(line)) };
        const timer = setTimeout(() => done(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${lines.slice(-30).join('\n')}`))), timeoutMs);
        void exited.then(() => done(() => reject(new Error(`the paper run ended (${child.exitCode}) before a line matching ${pattern}:\n${lines.slice(-30).join('\n')}`))));
        const done = (settle: () => void) => {
          if (!waiters.delete(waiter)) return;
          clearTimeout(timer);
          settle();
        };
        waiters.add(waiter);
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
  return run;
}
