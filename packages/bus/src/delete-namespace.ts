import type { JetStreamManager } from '@nats-io/jetstream';
import { streamDefinitions } from '@mast/contracts';
import { BusConfigError } from './bus-config-error';
import { leaseBucketStreamName } from './lease-bucket';
import { isStreamNotFound } from './nats-errors';

/** Namespaces that hold real trading history; deleting one takes `force: true`. */
export const PROTECTED_NAMESPACES: readonly string[] = ['live', 'testnet', 'demo'];

export interface DeleteNamespaceOptions {
  readonly force?: boolean;
}

/**
 * Deletes every stream of a namespace (their consumers go with them) and its lease bucket: for
 * garbage-collecting replays and for tests. Names come from contracts, so no other namespace's
 * stream can match. Returns the names of the streams that existed.
 */
export async function deleteNamespace(jsm: JetStreamManager, ns: string, options: DeleteNamespaceOptions = {}): Promise<string[]> {
  if (PROTECTED_NAMESPACES.includes(ns) && options.force !== true) throw new BusConfigError(`refusing to delete namespace ${ns} without force: true`);
  const names = [...streamDefinitions(ns).map((def) => def.name), leaseBucketStreamName(ns)];
  const deleted: string[] = [];
  for (const name of names) {
    try {
      await jsm.streams.delete(name);
      deleted.push(name);
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
    }
  }
  return deleted;
}
