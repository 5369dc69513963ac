import { connectBus, silentBusLogger } from '@mast/bus';

/**
 * A consumer that does nothing but take and acknowledge messages: nats.js' own pull consumer
 * on a durable with explicit acks, no decoding, no validation, no output. bench:pipeline runs
 * two of these as the floor under fast mode (see bareReadFloor there): what JetStream and its
 * client cost when two processes read every candle, before any service does any work.
 *
 * Usage: node bare-consumer.js <nats-url> <stream> <durable> <count>. Prints `ready` once it
 * pulls and `done` after the count-th message, then waits to be ended (so that its CPU time can
 * still be read).
 */
async function main(): Promise<void> {
  const [url, stream, durable, countArg] = process.argv.slice(2);
  const count = Number(countArg);
  if (!url || !stream || !durable || !Number.isInteger(count) || count < 1) {
    process.stderr.write('usage: bare-consumer <nats-url> <stream> <durable> <count>\n');
    process.exit(2);
  }
  // Ends with the bench that started it, however that ends: its stdin is the bench's pipe.
  process.stdin.on('end', () => process.exit(0)).resume();
  const bus = await connectBus({ servers: url, name: `bare-${durable}`, logger: silentBusLogger });
  const consumer = await bus.js.consumers.get(stream, durable);
  const messages = await consumer.consume({ max_messages: 500 });
  process.stdout.write('ready\n');
  let seen = 0;
  for await (const msg of messages) {
    msg.ack();
    if (++seen === count) break;
  }
  await bus.nc.flush();
  // Stays until the bench, having read this process's CPU time, ends it.
  process.stdout.write('done\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bare-consumer: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
