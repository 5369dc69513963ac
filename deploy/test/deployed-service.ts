import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/*
 * What the runtime stage runs, without Docker: `node dist/...` in a deployed folder, with exactly
 * the given environment.
 */

/** The packages a deployed folder installed (its virtual store), e.g. `typescript@6.0.2`. */
export function installedPackages(dir: string): string[] {
  const store = join(dir, 'node_modules', '.pnpm');
  return existsSync(store) ? readdirSync(store).filter((entry) => entry !== 'node_modules' && entry !== 'lock.yaml') : [];
}

export interface BootedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process ended. */
  exited(): Promise<number | null>;
}

/** Runs `node <entry>` in a deployed folder with exactly `env` (plus PATH), output kept for failures. */
export function bootDeployed(name: string, dir: string, entry: string, args: readonly string[], env: NodeJS.ProcessEnv): BootedProcess {
  const child = spawn(process.execPath, [entry, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, output: () => output, exited: () => exit };
}

/** SIGTERM by pid, then SIGKILL after `graceMs`; resolves once it exited. */
export async function stopProcess(booted: BootedProcess, graceMs = 10_000): Promise<void> {
  const { child } = booted;
  if (child.exitCode !== null || child.signalCode !== null) return;
  process.kill(child.pid!, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
  }, graceMs);
  await booted.exited();
  clearTimeout(timer);
}

/** Polls an HTTP endpoint until it answers 200; throws with the process output if it exits or times out. */
export async function waitForEndpoint(booted: BootedProcess, url: string, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    if (booted.child.exitCode !== null) throw new Error(`${booted.name} exited with ${booted.child.exitCode} before ${url} answered:\n${booted.output().slice(-3000)}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${booted.name}: ${url} did not answer 200 within ${timeoutMs} ms:\n${booted.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
