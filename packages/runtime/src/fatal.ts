import type { Logger } from '@mast/observability';

/**
 * Runs `publish` for outputs whose input already changed the service's in-memory state. If they
 * cannot be published (the bus gave up after its retries), a redelivery of the input would find
 * the state already advanced and publish nothing: the outputs would be lost. So the process
 * exits instead; on restart the state is rebuilt from the log up to what was acknowledged, and
 * the input, never acknowledged, comes again.
 */
export async function publishOrDie(logger: Pick<Logger, 'fatal'>, publish: () => Promise<unknown>, exit: (code: number) => void = (code) => process.exit(code)): Promise<void> {
  try {
    await publish();
  } catch (error) {
    logger.fatal({ err: error }, 'could not publish outputs of an applied input: exiting so the state is rebuilt from the log');
    exit(1);
    throw error;
  }
}
