import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CandleColumns } from '@mast/core';
import type { Override } from './overrides';
import type { SweepFigures, SweepOutcome, SweepSetup } from './sweep-messages';

export interface SweepPoint {
  readonly index: number;
  readonly overrides: readonly Override[];
  readonly figures: SweepFigures | null;
  readonly error: string | null;
  readonly ms: number;
}

/**
 * How a worker loads: the compiled sibling under plain node; from the TypeScript source (pnpm
 * replay under tsx, Jest), a small CommonJS bootstrap registers tsx in the worker first, since a
 * worker does not inherit the parent's loader. The source condition comes through execArgv.
 */
function startWorker(): Worker {
  if (__filename.endsWith('.js')) return new Worker(join(__dirname, 'sweep-worker.js'));
  const source = join(__dirname, 'sweep-worker.ts');
  const boot = `require(require.resolve('tsx/cjs/api', { paths: [${JSON.stringify(__dirname)}] })).register(); require(${JSON.stringify(source)});`;
  return new Worker(boot, { eval: true, execArgv: ['--conditions=@mast/source'] });
}

function shared<T extends Float64Array | Uint8Array>(source: T): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(source.byteLength);
  new (source.constructor as { new (b: SharedArrayBuffer): T })(buffer).set(source);
  return buffer;
}

export function defaultWorkers(): number {
  return Math.max(1, cpus().length);
}

/**
 * Folds every parameter set over the same candles across worker threads. The candles are copied
 * once into shared memory; each worker takes the next set when it finishes one.
 */
export async function runSweep(columns: CandleColumns, base: Record<string, unknown>, sets: readonly (readonly Override[])[], workers: number, onDone?: (done: number, total: number) => void): Promise<SweepPoint[]> {
  const setup: SweepSetup = {
    kind: 'setup',
    symbols: columns.symbols,
    length: columns.length,
    buffers: {
      symbolIndex: shared(columns.symbolIndex),
      ts: shared(columns.ts),
      open: shared(columns.open),
      high: shared(columns.high),
      low: shared(columns.low),
      close: shared(columns.close),
      volume: shared(columns.volume),
    },
    base,
  };
  const points: SweepPoint[] = new Array(sets.length);
  let next = 0;
  let done = 0;
  const pool = Array.from({ length: Math.min(workers, sets.length) }, () => startWorker());
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              if (next >= sets.length) return resolve();
              const index = next++;
              worker.postMessage({ kind: 'job', index, overrides: sets[index]! });
            };
            worker.on('message', (outcome: SweepOutcome) => {
              points[outcome.index] =
                outcome.kind === 'done'
                  ? { index: outcome.index, overrides: sets[outcome.index]!, figures: outcome.figures, error: null, ms: outcome.ms }
                  : { index: outcome.index, overrides: sets[outcome.index]!, figures: null, error: outcome.error, ms: 0 };
              onDone?.(++done, sets.length);
              give();
            });
            worker.once('error', reject);
            worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sweep worker exited with code ${code}`))));
            worker.postMessage(setup);
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return points;
}
