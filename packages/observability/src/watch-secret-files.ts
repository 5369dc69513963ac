import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Watches mounted secret files (a Kubernetes Secret volume, a compose secret) for new contents, so
 * a service can take rotated credentials without a restart. The kubelet replaces a Secret volume's
 * files by swapping a symlink, which file-system events report unreliably, so the contents are
 * polled and compared by hash.
 *
 * `apply` is called when the files differ from what was last applied, and again on every poll
 * while it keeps failing (a half-updated pair of key and secret, a key the exchange refuses):
 * what counts as applied changes only when `apply` resolves.
 */

export interface WatchSecretFilesOptions {
  readonly paths: readonly string[];
  /** Loads and checks the new credentials and switches to them; rejects to keep the current ones. */
  readonly apply: () => Promise<void>;
  readonly onError: (error: unknown) => void;
  /** Default 10 s: the kubelet itself syncs Secret volumes about once a minute. */
  readonly intervalMs?: number;
  readonly readFile?: (path: string) => string;
}

export interface SecretFilesWatch {
  /** Polls now (the timer does this every interval); resolves when that poll's apply settled. */
  check(): Promise<void>;
  stop(): void;
}

export function watchSecretFiles(options: WatchSecretFilesOptions): SecretFilesWatch {
  const read = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const fingerprint = (): string | undefined => {
    const hash = createHash('sha256');
    try {
      for (const path of options.paths) hash.update(path).update('\0').update(read(path)).update('\0');
    } catch {
      // Mid-swap or removed: keep what we have and look again next time.
      return undefined;
    }
    return hash.digest('hex');
  };
  let applied = fingerprint();
  let running: Promise<void> | undefined;
  const poll = async (): Promise<void> => {
    const now = fingerprint();
    if (now === undefined || now === applied) return;
    try {
      await options.apply();
      applied = now;
    } catch (error) {
      options.onError(error);
    }
  };
  // One poll at a time: a slow apply (an exchange round trip) is not started twice.
  const check = (): Promise<void> => {
    if (!running) running = poll().finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void check(), options.intervalMs ?? 10_000);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
