import { AckPolicy, DeliverPolicy, DiscardPolicy, ReplayPolicy, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { ConsumerConfig, StreamConfig } from '@nats-io/jetstream';
import type { ConsumerConfigDefinition, StreamDefinition } from '@mast/contracts';

/**
 * Contracts state streams and consumers as plain strings in nats' JSON field names; these tables
 * map them onto nats.js' enums, so a value nats.js does not know fails the type check here.
 */
const RETENTION: Record<StreamDefinition['retention'], RetentionPolicy> = { limits: RetentionPolicy.Limits };
const STORAGE: Record<StreamDefinition['storage'], StorageType> = { file: StorageType.File };
const DISCARD: Record<StreamDefinition['discard'], DiscardPolicy> = { old: DiscardPolicy.Old };
const ACK: Record<ConsumerConfigDefinition['ack_policy'], AckPolicy> = { explicit: AckPolicy.Explicit };
const DELIVER: Record<ConsumerConfigDefinition['deliver_policy'], DeliverPolicy> = { all: DeliverPolicy.All };
const REPLAY: Record<ConsumerConfigDefinition['replay_policy'], ReplayPolicy> = { instant: ReplayPolicy.Instant };

/** The fields we own on a stream; the server fills in the rest with its defaults. */
export type ManagedStreamConfig = Pick<StreamConfig, 'name' | 'description' | 'subjects' | 'retention' | 'storage' | 'discard' | 'max_age' | 'duplicate_window' | 'num_replicas' | 'deny_delete' | 'deny_purge'>;

export function toStreamConfig(def: StreamDefinition): ManagedStreamConfig {
  return {
    name: def.name,
    description: def.description,
    subjects: [...def.subjects],
    retention: RETENTION[def.retention],
    storage: STORAGE[def.storage],
    discard: DISCARD[def.discard],
    max_age: def.max_age,
    duplicate_window: def.duplicate_window,
    num_replicas: def.num_replicas,
    deny_delete: def.deny_delete,
    deny_purge: def.deny_purge,
  };
}

/** The fields we own on a durable consumer. */
export type ManagedConsumerConfig = Pick<
  ConsumerConfig,
  'durable_name' | 'description' | 'filter_subject' | 'ack_policy' | 'deliver_policy' | 'replay_policy' | 'ack_wait' | 'max_deliver' | 'backoff' | 'max_ack_pending'
>;

export function toConsumerConfig(def: ConsumerConfigDefinition): ManagedConsumerConfig {
  return {
    durable_name: def.durable_name,
    description: def.description,
    filter_subject: def.filter_subject,
    ack_policy: ACK[def.ack_policy],
    deliver_policy: DELIVER[def.deliver_policy],
    replay_policy: REPLAY[def.replay_policy],
    ack_wait: def.ack_wait,
    max_deliver: def.max_deliver,
    backoff: [...def.backoff],
    max_ack_pending: def.max_ack_pending,
  };
}

/** Fields the server cannot change on an existing stream or consumer: a change needs a new one. */
export const IMMUTABLE_STREAM_FIELDS = ['retention', 'storage'] as const satisfies readonly (keyof ManagedStreamConfig)[];
export const IMMUTABLE_CONSUMER_FIELDS = ['ack_policy', 'deliver_policy', 'replay_policy'] as const satisfies readonly (keyof ManagedConsumerConfig)[];
