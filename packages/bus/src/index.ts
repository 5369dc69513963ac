export { connectBus } from './connect-bus';
export type { Bus, BusOptions, Stoppable } from './connect-bus';
export { stderrBusLogger, silentBusLogger } from './logger';
export type { BusLogger } from './logger';
export { BusConfigError, isBusConfigError } from './bus-config-error';

export { provisionNamespace, ensureStream, ensureConsumer, ProvisionAction, ProvisionError, isProvisionError } from './provision';
export type { ProvisionOptions, ProvisionReport } from './provision';
export { toStreamConfig, toConsumerConfig } from './nats-config';
export type { ManagedStreamConfig, ManagedConsumerConfig } from './nats-config';
export { deleteNamespace, PROTECTED_NAMESPACES } from './delete-namespace';
export type { DeleteNamespaceOptions } from './delete-namespace';

export { createPublisher } from './publisher';
export type { Publisher, PublisherOptions, PublishResult } from './publisher';
export { PublishError, isPublishError } from './publish-error';
export { MastHeaders } from './headers';

export { consumeDurable, HandleOutcome, INVALID_EVENT_TYPE } from './durable-consumer';
export type { ConsumeDurableOptions, ConsumerObserver, DurableConsumer, EventHandler } from './durable-consumer';
export type { MessageMeta } from './message-meta';
export { decodeEvent, InvalidMessageKind } from './decode-event';
export type { DecodeResult } from './decode-event';
export { DeadLetterKind, deadLetterEvent, DEFAULT_MAX_RAW_BYTES } from './dead-letter';
export type { DeadLetterInput } from './dead-letter';
export { PoisonMessageError, isPoisonMessageError } from './poison-message-error';

export { readStream } from './read-stream';
export type { ReadStreamOptions, StreamEntry, InvalidStreamMessage } from './read-stream';

export { acquireLease } from './lease';
export type { Lease, LeaseOptions, LeaseValue } from './lease';
export { LeaseHeldError, isLeaseHeldError, LeaseLostError, isLeaseLostError } from './lease-errors';
export { leaseBucketName, leaseBucketStreamName, openLeaseBucket } from './lease-bucket';
export type { LeaseBucketOptions } from './lease-bucket';

export { jitteredDelayMs } from './backoff';
export type { BackoffOptions } from './backoff';
