/**
 * Rebuild throughput against a raw COPY of the same candles.
 *
 *   pnpm --filter @mast/read-model bench:rebuild
 *   (or from the repository root: npx tsx --conditions=@mast/source packages/read-model/bench/rebuild.bench.ts)
 *
 * Two generated logs from the core over data/sample: "candles" (candles and the sparse decisions,
 * ~200k events, candles dominate) and "pipeline" (as the services publish, with the per-candle
 * CandleAssessed and PortfolioMarked, ~200k events). Each is rebuilt into a fresh namespace; the
 * baseline copies that log's candle rows into a scratch table of the candles table's shape (its
 * primary key included) with COPY FROM STDIN (pg-copy-streams), right before and right after each
 * rebuild, so both see the same load on the machine; the ratio is taken per run. Medians of RUNS
 * runs (default 5), after one run that warms up and is not counted. DATABASE_URL as in the tests.
 */
import { loadavg } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { rebuild } from '../src/rebuild';
import { generateLog } from '../test/generated-log';
import { cleanUp, DATABASE_URL, testNamespace, testPool } from '../test/services';
import type { ProjectionItem } from '../src/projection/projection-item';

const RUNS = Number(process.env['RUNS'] ?? 5);
const COMMAND = 'pnpm --filter @mast/read-model bench:rebuild';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function copyCandles(pool: Pool, items: readonly ProjectionItem[]): Promise<number> {
  const lines: string[] = [];
  for (const { event } of items) {
    if (event.type !== 'CandleClosed') continue;
    const c = event.data;
    lines.push(`${c.symbol}\t${c.ts}\t${c.open}\t${c.high}\t${c.low}\t${c.close}\t${c.volume}`);
  }
  const client = await pool.connect();
  try {
    await client.query('DROP TABLE IF EXISTS public.read_model_bench_candles');
    await client.query('CREATE TABLE public.read_model_bench_candles (symbol text NOT NULL, ts bigint NOT NULL, open double precision NOT NULL, high double precision NOT NULL, low double precision NOT NULL, close double precision NOT NULL, volume double precision NOT NULL, PRIMARY KEY (symbol, ts))');
    const started = performance.now();
    function* chunks() {
      for (let i = 0; i < lines.length; i += 1000) yield `${lines.slice(i, i + 1000).join('\n')}\n`;
    }
    await client.query('BEGIN');
    await pipeline(Readable.from(chunks()), client.query(copyFrom('COPY public.read_model_bench_candles FROM STDIN')));
    await client.query('COMMIT');
    const seconds = (performance.now() - started) / 1000;
    return lines.length / seconds;
  } finally {
    await client.query('DROP TABLE IF EXISTS public.read_model_bench_candles');
    client.release();
  }
}

async function main(): Promise<void> {
  const pool = testPool();
  console.log(`read-model rebuild benchmark (${DATABASE_URL.replace(/\/\/[^@]*@/, '//')}), median of ${RUNS} after one warm-up run; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`command: ${COMMAND}`);
  try {
    for (const [name, perCandle, days] of [
      ['candles', false, 46],
      ['pipeline', true, 15],
    ] as const) {
      const log = generateLog('bench', { days, perCandle });
      const candles = log.items.filter((item) => item.event.type === 'CandleClosed').length;
      const rates: number[] = [];
      const copies: number[] = [];
      const ratios: number[] = [];
      const phases: string[] = [];
      // Run -1 warms up and is not counted: in a process's first rebuild V8 is still compiling the
      // fold and the COPY encoder, a cost that a real rebuild of a long log pays once in its first
      // second, while here it would weigh on a run of about one second.
      for (let run = -1; run < RUNS; run++) {
        const ns = testNamespace();
        const items = log.items.map((item) => ({ ...item, stream: item.stream.replace(/^BENCH_/, `${ns.toUpperCase()}_`) }));
        const before = await copyCandles(pool, items);
        try {
          const result = await rebuild({ pool, ns, events: items });
          if (run < 0) continue;
          rates.push(result.eventsPerSecond);
          const p = result.phases;
          phases.push(`${result.seconds.toFixed(2)} s = setup ${p.setupSeconds.toFixed(2)} + apply ${p.applySeconds.toFixed(2)} + indexes ${p.indexSeconds.toFixed(2)} + swap ${p.swapSeconds.toFixed(2)}`);
        } finally {
          await cleanUp(pool, [ns]);
        }
        const copyRate = (before + (await copyCandles(pool, items))) / 2;
        copies.push(copyRate);
        ratios.push(rates[rates.length - 1]! / copyRate);
      }
      console.log(
        `${name.padEnd(8)} ${log.items.length} events (${candles} candles): rebuild ${Math.round(median(rates))} events/s (best ${Math.round(Math.max(...rates))}); ` +
          `COPY of the candle rows ${Math.round(median(copies))} rows/s; rebuild = ${(median(ratios) * 100).toFixed(0)}% of COPY (per-run ratios ${ratios.map((r) => `${(r * 100).toFixed(0)}%`).join(' ')})`,
      );
      console.log(`         runs: ${phases.join('; ')}`);
    }
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
