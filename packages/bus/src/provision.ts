import type { JetStreamManager } from '@nats-io/jetstream';
import { allConsumerDefinitions, consumerDefinitions, streamDefinitions } from '@mast/contracts';
import type { ConsumerDefinition, ServiceName, StreamDefinition } from '@mast/contracts';
import { IMMUTABLE_CONSUMER_FIELDS, IMMUTABLE_STREAM_FIELDS, toConsumerConfig, toStreamConfig } from './nats-config';
import { isConsumerNotFound, isStreamNameInUse, isStreamNotFound } from './nats-errors';

/** A stream or consumer that exists with a setting the server cannot change in place. */
export class ProvisionError extends Error {
  override readonly name = 'ProvisionError';
}

export function isProvisionError(error: unknown): error is ProvisionError {
  return error instanceof ProvisionError;
}

export const ProvisionAction = { Created: 'created', Updated: 'updated', Unchanged: 'unchanged' } as const;
export type ProvisionAction = (typeof ProvisionAction)[keyof typeof ProvisionAction];

export interface ProvisionReport {
  readonly streams: readonly { readonly name: string; readonly action: ProvisionAction; readonly changed: readonly string[] }[];
  readonly consumers: readonly { readonly stream: string; readonly name: string; readonly action: ProvisionAction; readonly changed: readonly string[] }[];
}

export interface ProvisionOptions {
  /** 1 on a single server, 3 on the production cluster; default 1. */
  readonly replicas?: number;
  /** Only these services' consumers; default every service's. */
  readonly services?: readonly ServiceName[];
}

interface Ensured {
  readonly action: ProvisionAction;
  /** The fields that differed, for the log of an update. */
  readonly changed: readonly string[];
}

function normalise(key: string, value: unknown): unknown {
  // The server omits an empty backoff; a stream's subjects are a set (a backoff's order matters).
  if (value === undefined) return [];
  if (key === 'subjects' && Array.isArray(value)) return [...(value as string[])].sort();
  return value;
}

function changedFields<T extends object>(desired: T, current: object): (keyof T & string)[] {
  const now = current as Record<string, unknown>;
  return (Object.keys(desired) as (keyof T & string)[]).filter((key) => JSON.stringify(normalise(key, desired[key])) !== JSON.stringify(normalise(key, now[key])));
}

/** Creates the stream, or updates the fields of it that differ; never deletes it or its messages. */
export async function ensureStream(jsm: JetStreamManager, def: StreamDefinition): Promise<Ensured> {
  const desired = toStreamConfig(def);
  for (let attempt = 1; ; attempt++) {
    let current;
    try {
      current = (await jsm.streams.info(def.name)).config;
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
      try {
        await jsm.streams.add(desired);
        return { action: ProvisionAction.Created, changed: [] };
      } catch (addError) {
        // Another instance created it between our look and our add: compare against theirs.
        if (isStreamNameInUse(addError) && attempt === 1) continue;
        throw addError;
      }
    }
    const changed = changedFields(desired, current);
    if (changed.length === 0) return { action: ProvisionAction.Unchanged, changed };
    const immutable = changed.filter((field) => (IMMUTABLE_STREAM_FIELDS as readonly string[]).includes(field));
    if (immutable.length > 0) {
      throw new ProvisionError(`stream ${def.name} exists with different ${immutable.join(', ')}; changing that means a new stream, which would drop its events: migrate by hand`);
    }
    const { name: _name, retention: _retention, storage: _storage, ...update } = desired;
    try {
      await jsm.streams.update(def.name, update);
    } catch (error) {
      throw new ProvisionError(`stream ${def.name}: the server refused the update of ${changed.join(', ')}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return { action: ProvisionAction.Updated, changed };
  }
}

/** Creates the durable consumer, or updates the fields of it that differ; never deletes it (its position is state). */
export async function ensureConsumer(jsm: JetStreamManager, def: ConsumerDefinition): Promise<Ensured> {
  const desired = toConsumerConfig(def.config);
  let current;
  try {
    current = (await jsm.consumers.info(def.stream, def.config.durable_name)).config;
  } catch (error) {
    if (!isConsumerNotFound(error)) throw error;
    // A create of a durable that appeared meanwhile with the same config succeeds; with another, it fails loudly.
    await jsm.consumers.add(def.stream, desired);
    return { action: ProvisionAction.Created, changed: [] };
  }
  const changed = changedFields(desired, current);
  if (changed.length === 0) return { action: ProvisionAction.Unchanged, changed };
  const immutable = changed.filter((field) => (IMMUTABLE_CONSUMER_FIELDS as readonly string[]).includes(field));
  if (immutable.length > 0) {
    throw new ProvisionError(`consumer ${def.stream}/${def.config.durable_name} exists with different ${immutable.join(', ')}; delete it by hand to recreate it (it restarts from its deliver policy)`);
  }
  const { durable_name: _durable, ack_policy: _ack, deliver_policy: _deliver, replay_policy: _replay, ...update } = desired;
  try {
    await jsm.consumers.update(def.stream, def.config.durable_name, update);
  } catch (error) {
    throw new ProvisionError(`consumer ${def.stream}/${def.config.durable_name}: the server refused the update of ${changed.join(', ')}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { action: ProvisionAction.Updated, changed };
}

/**
 * Idempotently creates or updates every stream of a namespace (from contracts' streamDefinitions)
 * and then the services' durable consumers (contracts' consumer definitions). Safe to run on every
 * start of every instance.
 */
export async function provisionNamespace(jsm: JetStreamManager, ns: string, options: ProvisionOptions = {}): Promise<ProvisionReport> {
  const streamDefs = streamDefinitions(ns, options.replicas === undefined ? {} : { replicas: options.replicas });
  const consumerDefs = options.services === undefined ? allConsumerDefinitions(ns) : options.services.flatMap((service) => consumerDefinitions(ns, service));
  const streams: ProvisionReport['streams'][number][] = [];
  for (const def of streamDefs) streams.push({ name: def.name, ...(await ensureStream(jsm, def)) });
  const consumers: ProvisionReport['consumers'][number][] = [];
  for (const def of consumerDefs) consumers.push({ stream: def.stream, name: def.config.durable_name, ...(await ensureConsumer(jsm, def)) });
  return { streams, consumers };
}
