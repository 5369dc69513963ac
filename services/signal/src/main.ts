import { hostname } from 'node:os';
import { z } from 'zod';
import { acquireLease, consumeDurable, isLeaseHeldError, openLeaseBucket } from '@mast/bus';
import { ANY, consumerDefinitions, streamName, subjects, type MastEvent } from '@mast/contracts';
import { createSignalHandler } from '@mast/pipeline';
import { ackFloor, baseConfigShape, publishOrDie, replayStream, resolveStrategyOrExit, runMain, startService, strategyOverrideSchema } from '@mast/runtime';

const schema = z.strictObject({
  ...baseConfigShape,
  strategy: strategyOverrideSchema,
  /** How long a crashed active instance keeps the lease before a standby takes over. */
  leaseTtlMs: z.number().int().min(1000).default(15_000),
});

/**
 * Candles in; crosses, regime changes, entry signals and CandleAssessed out (docs/architecture.md).
 *
 * One instance is active per namespace, the others stand by: risk needs CandleAssessed in the
 * rules' order across symbols, which one consumer in stream order gives and competing consumers
 * would not. Replicas (`docker compose --scale signal=3`, a Deployment with replicas: 2) are for
 * availability; one instance handles thousands of candles a second, far above 1 per symbol per minute.
 */
async function main(): Promise<void> {
  const service = await startService({ name: 'signal', schema });
  const { config, bus, publisher, logger, metrics, shutdown } = service;
  const leases = await openLeaseBucket(bus, config.ns);
  const holder = `${hostname()}/${process.pid}`;
  for (;;) {
    try {
      const lease = await acquireLease(leases, 'signal', holder, config.leaseTtlMs, {
        onLost: (error) => {
          logger.error({ err: error }, 'signal lease lost: stopping so that only one instance publishes');
          void shutdown.shutdown('lease lost');
        },
      });
      shutdown.add('lease', () => lease.release());
      break;
    } catch (error) {
      // Anything but a held lease (NATS refusing the bucket, say) is a fault, not a standby.
      if (!isLeaseHeldError(error)) throw error;
      logger.info({ err: error }, 'another signal instance holds the lease; standing by');
      await new Promise((resolve) => setTimeout(resolve, config.leaseTtlMs / 3));
    }
  }
  const handler = createSignalHandler(resolveStrategyOrExit(config.strategy));
  const [definition] = consumerDefinitions(config.ns, 'signal');
  const stream = streamName(config.ns, 'md');
  const consumer = definition!.config.durable_name;

  // The indicators are a function of the candles: replay those already handled, publishing
  // nothing, then handle the rest of what the stream holds now, in stream order. The durable
  // consumer would deliver those too, but the ones a previous instance received and never
  // acknowledged come back only after their ack wait, behind candles published since: handled
  // then, they would be dropped as late and the indicators would miss them. (A NATS restart can
  // also roll the ack floor back past candles the previous instance had applied.) Their outputs
  // have the same ids as any the previous instance published, so the streams store them once.
  const handled = await ackFloor(bus, stream, consumer);
  const upTo = (await bus.jsm.streams.info(stream)).state.last_seq;
  const caughtUp: MastEvent[] = [];
  let pastFloor = 0;
  const replayed = await replayStream(bus, stream, subjects(config.ns).candle(ANY), upTo, ({ event, meta }) => {
    if (event.type !== 'CandleClosed') return;
    if (meta.streamSeq <= handled) return handler.replay(event);
    pastFloor++;
    caughtUp.push(...handler.handle(event));
  });
  if (caughtUp.length > 0) await publishOrDie(logger, () => publisher.publishMany(caughtUp));
  logger.info({ replayed, ackFloor: handled, pastFloor, upToSeq: upTo }, 'indicator state rebuilt from the candle stream');

  const durable = await consumeDurable(bus, {
    ns: config.ns,
    stream,
    consumer,
    source: 'signal',
    logger,
    // Handlers are called in stream order and change the state synchronously; only the publish
    // acknowledgements overlap, so several candles are in flight without reordering anything.
    concurrency: 64,
    handler: (event) => {
      if (event.type !== 'CandleClosed') return;
      const out = handler.handle(event);
      return out.length > 0 ? publishOrDie(logger, () => publisher.publishMany(out)) : undefined;
    },
    observer: metrics.busObserver({ stream, consumer, pending: () => durable.pending() }),
  });
}

runMain('signal', main);
