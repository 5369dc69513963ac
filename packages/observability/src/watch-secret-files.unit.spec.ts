import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchSecretFiles } from './watch-secret-files';

describe('watchSecretFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mast-secrets-'));
    writeFileSync(join(dir, 'key'), 'key-1');
    writeFileSync(join(dir, 'secret'), 'secret-1');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('applies new contents once, and not while nothing changed', async () => {
    const applied: string[] = [];
    const watch = watchSecretFiles({ paths: [join(dir, 'key'), join(dir, 'secret')], apply: async () => void applied.push('applied'), onError: () => undefined, intervalMs: 60_000 });
    await watch.check();
    expect(applied).toEqual([]);
    writeFileSync(join(dir, 'secret'), 'secret-2');
    await watch.check();
    await watch.check();
    expect(applied).toEqual(['applied']);
    watch.stop();
  });

  it('retries a failed apply on the next check, and reports each failure', async () => {
    const errors: unknown[] = [];
    let attempts = 0;
    const watch = watchSecretFiles({
      paths: [join(dir, 'key')],
      apply: async () => {
        attempts++;
        if (attempts === 1) throw new Error('refused by the exchange');
      },
      onError: (error) => errors.push(error),
      intervalMs: 60_000,
    });
    writeFileSync(join(dir, 'key'), 'key-2');
    await watch.check();
    expect(errors).toHaveLength(1);
    await watch.check();
    await watch.check();
    expect(attempts).toBe(2);
    expect(errors).toHaveLength(1);
    watch.stop();
  });

  it('waits while a file is missing (mid-swap) instead of applying half a pair', async () => {
    let attempts = 0;
    const watch = watchSecretFiles({ paths: [join(dir, 'key'), join(dir, 'secret')], apply: async () => void attempts++, onError: () => undefined, intervalMs: 60_000 });
    rmSync(join(dir, 'secret'));
    await watch.check();
    expect(attempts).toBe(0);
    writeFileSync(join(dir, 'secret'), 'secret-3');
    await watch.check();
    expect(attempts).toBe(1);
    watch.stop();
  });
});
