import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { parseArgs } from 'node:util';
import { connectBus, readStream, silentBusLogger, type Bus } from '@mast/bus';
import { CONTEXTS, streamName } from '@mast/contracts';
import { rebuild, type ProjectionItem } from '@mast/read-model';

/** The events of each stream after the given sequence: what live applied while the rebuild ran. */
async function* after(bus: Bus, ns: string, seqs: ReadonlyMap<string, number>): AsyncGenerator<ProjectionItem> {
  for (const context of CONTEXTS) {
    const stream = streamName(ns, context);
    const last = (await bus.jsm.streams.info(stream)).state.last_seq;
    const from = (seqs.get(stream) ?? 0) + 1;
    if (last < from) continue;
    for await (const { event, meta } of readStream(bus, { stream, startSeq: from, untilSeq: last })) yield { event, stream, seq: meta.streamSeq };
  }
}

/** Every event of the namespace from offset 0, stream after stream (each in its own order). */
async function* wholeLog(bus: Bus, ns: string): AsyncGenerator<ProjectionItem> {
  for (const context of CONTEXTS) {
    const stream = streamName(ns, context);
    const last = (await bus.jsm.streams.info(stream)).state.last_seq;
    if (last === 0) continue;
    for await (const { event, meta } of readStream(bus, { stream, untilSeq: last })) yield { event, stream, seq: meta.streamSeq };
  }
}

/**
 * `pnpm rebuild -- --ns NS`: rebuilds the namespace's read model from offset 0 into fresh tables
 * and swaps them in, ending identical to the live one (the live projection keeps running).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== '--'), options: { ns: { type: 'string' } } });
  const ns = values.ns ?? process.env.MAST_NS;
  if (!ns) throw new Error('--ns NAME (or MAST_NS) names the namespace to rebuild');
  const bus = await connectBus({ servers: process.env.NATS_URL ?? process.env.MAST_NATS_URL ?? 'nats://127.0.0.1:4222', name: 'rebuild', logger: silentBusLogger });
  const pool = new Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', max: 2 });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    let last = 0;
    const result = await rebuild({
      pool,
      ns,
      redis,
      events: wholeLog(bus, ns),
      // The live projection keeps running: what it applied meanwhile is caught up before the swap.
      catchUp: (seqs) => after(bus, ns, seqs),
      onProgress: (events) => {
        if (events - last >= 50_000) {
          last = events;
          process.stderr.write(`rebuild: ${events} events\n`);
        }
      },
    });
    process.stdout.write(`rebuilt ${result.schemaName} from ${result.events} events in ${result.seconds.toFixed(1)} s (${result.eventsPerSecond.toFixed(0)} events/s), swapped in\n`);
  } finally {
    await pool.end();
    redis.disconnect();
    await bus.drain();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`rebuild: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
