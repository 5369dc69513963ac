import { z } from 'zod';
import { consumeDurable } from '@mast/bus';
import { ANY, consumerDefinitions, streamName, subjects } from '@mast/contracts';
import { createSignalHandler } from '@mast/pipeline';
import { ackFloor, baseConfigShape, publishOrDie, replayStream, resolveStrategyOrExit, runMain, startService, strategyOverrideSchema } from '@mast/runtime';

const schema = z.strictObject({ ...baseConfigShape, strategy: strategyOverrideSchema });

/** Candles in; crosses, regime changes, entry signals and CandleAssessed out (docs/architecture.md). */
async function main(): Promise<void> {
  const service = await startService({ name: 'signal', schema });
  const { config, bus, publisher, logger, metrics } = service;
  const handler = createSignalHandler(resolveStrategyOrExit(config.strategy));
  const [definition] = consumerDefinitions(config.ns, 'signal');
  const stream = streamName(config.ns, 'md');
  const consumer = definition!.config.durable_name;

  // The indicators are a function of the candles: replay those already handled, publishing nothing.
  const handled = await ackFloor(bus, stream, consumer);
  const replayed = await replayStream(bus, stream, subjects(config.ns).candle(ANY), handled, ({ event }) => {
    if (event.type === 'CandleClosed') handler.replay(event);
  });
  logger.info({ replayed, upToSeq: handled }, 'indicator state rebuilt from the candle stream');

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
