import type { ConsumerMessages } from '@nats-io/jetstream';
import type { BusLogger } from './logger';

/** Logs what a consume() reports about its consumer: missing resources loudly, routine pulls not at all. */
export function logConsumerStatus(messages: ConsumerMessages, logger: BusLogger, fields: object): void {
  void (async () => {
    for await (const s of messages.status()) {
      switch (s.type) {
        case 'heartbeats_missed':
          logger.warn({ ...fields, count: s.count }, 'consumer heartbeats missed');
          break;
        case 'consumer_not_found':
        case 'stream_not_found':
        case 'consumer_deleted':
          logger.error({ ...fields, status: s.type }, 'consumer or stream is gone; waiting for it to return');
          break;
        case 'exceeded_limits':
        case 'no_responders':
          logger.warn({ ...fields, status: s.type }, 'consumer pull refused');
          break;
        default:
          break;
      }
    }
  })();
}
