import { Kvm } from '@nats-io/kv';
import type { KV } from '@nats-io/kv';
import { assertNamespace } from '@mast/contracts';
import { requirePositiveInteger } from './bus-config-error';
import type { Bus } from './connect-bus';

/**
 * The KV bucket holding a namespace's leases: `<NS>_LEASES` (stream `KV_<NS>_LEASES`), by the same
 * rule contracts uses for stream names (upper case, `-` as `_`). It lives here until contracts
 * names KV buckets too.
 */
export function leaseBucketName(ns: string): string {
  assertNamespace(ns);
  return `${ns.toUpperCase().replace(/-/g, '_')}_LEASES`;
}

/** The stream behind the bucket: nats KV keeps bucket `B` in stream `KV_B`. */
export function leaseBucketStreamName(ns: string): string {
  return `KV_${leaseBucketName(ns)}`;
}

export interface LeaseBucketOptions {
  /**
   * The bucket's TTL (max_age): a key not renewed for this long disappears, so a crashed holder's
   * lease is cleaned up eventually. Must exceed every lease's ttlMs; default one hour. Expiry of a
   * live lease does not rely on it (see acquireLease).
   */
  readonly ttlMs?: number;
  readonly replicas?: number;
}

/** Opens the namespace's lease bucket, creating it if missing (an existing bucket is used as it is). */
export async function openLeaseBucket(bus: Bus, ns: string, options: LeaseBucketOptions = {}): Promise<KV> {
  return new Kvm(bus.js).create(leaseBucketName(ns), {
    history: 1,
    ttl: requirePositiveInteger('ttlMs', options.ttlMs, 3_600_000),
    replicas: requirePositiveInteger('replicas', options.replicas, 1),
    storage: 'file',
  });
}
