import type { KV, KvEntry } from '@nats-io/kv';
import { BusConfigError, requirePositiveInteger } from './bus-config-error';
import { LeaseHeldError, LeaseLostError } from './lease-errors';
import { errorFields, stderrBusLogger } from './logger';
import type { BusLogger } from './logger';
import { isWrongLastSequence } from './nats-errors';

/**
 * A lease in a JetStream KV bucket, so that one instance alone does something (execution trades an
 * account). Writes are compare-and-set on the key's revision, so two instances never both win.
 * nats-server 2.9 ignores per-key TTLs, so expiry is in the value: `expiresAt`, by the holder's
 * clock; another instance may take an expired lease over (hosts' clocks must agree to well within
 * the ttl: NTP). A holder that cannot renew before its own `expiresAt` considers the lease lost,
 * before anyone else may take it.
 */

export interface LeaseValue {
  readonly holderId: string;
  readonly acquiredAt: number;
  readonly expiresAt: number;
}

export interface LeaseOptions {
  /** Renew in the background every renewEveryMs (default ttlMs / 3); default true. */
  readonly autoRenew?: boolean;
  readonly renewEveryMs?: number;
  /** Called once when the lease is found lost (by a renewal); stop acting as the holder at once. */
  readonly onLost?: (error: LeaseLostError) => void;
  readonly now?: () => number;
  readonly logger?: BusLogger;
}

export interface Lease {
  readonly key: string;
  readonly holderId: string;
  readonly ttlMs: number;
  /** The KV revision of our last write. */
  revision(): number;
  /** Epoch ms until which the lease is ours unless renewed. */
  expiresAt(): number;
  /** Ours, not released, not lost, not past expiresAt. Check before each act that needs the lease. */
  isHeld(): boolean;
  /** Extends the lease by ttlMs; throws LeaseLostError if it is no longer ours. */
  renew(): Promise<void>;
  /** Stops renewing and deletes the key if it is still ours, so a standby takes over at once. */
  release(): Promise<void>;
  /** Resolves when the lease is found lost (not on release). */
  lost(): Promise<LeaseLostError>;
}

function readValue(entry: KvEntry): LeaseValue | null {
  try {
    const value = entry.json<Partial<LeaseValue>>();
    if (typeof value.holderId === 'string' && typeof value.expiresAt === 'number' && typeof value.acquiredAt === 'number') return value as LeaseValue;
  } catch {
    // Not JSON: nothing a holder wrote, free to take.
  }
  return null;
}

function renewInterval(ttlMs: number, options: LeaseOptions): number {
  const every = requirePositiveInteger('renewEveryMs', options.renewEveryMs, Math.max(1, Math.floor(ttlMs / 3)));
  if (every >= ttlMs) throw new BusConfigError(`renewEveryMs (${every}) must be below ttlMs (${ttlMs}), or the lease lapses between renewals`);
  return every;
}

/**
 * Takes the lease if the key is free, expired, unreadable or already ours (a restart of the same
 * holder); otherwise throws LeaseHeldError.
 */
export async function acquireLease(kv: KV, key: string, holderId: string, ttlMs: number, options: LeaseOptions = {}): Promise<Lease> {
  requirePositiveInteger('ttlMs', ttlMs, 1);
  if (holderId === '') throw new BusConfigError('holderId must not be empty');
  // Checked before anything is written, so a bad option leaves no lease behind.
  renewInterval(ttlMs, options);
  const now = options.now ?? Date.now;
  const acquiredAt = now();
  const encode = (at: number) => JSON.stringify({ holderId, acquiredAt, expiresAt: at + ttlMs } satisfies LeaseValue);

  let won: { revision: number; expiresAt: number } | undefined;
  let seen: LeaseValue | null = null;
  // A few rounds: each lost compare-and-set means another instance wrote in between; look again.
  for (let round = 0; round < 3 && won === undefined; round++) {
    const at = now();
    try {
      won = { revision: await kv.create(key, encode(at)), expiresAt: at + ttlMs };
      break;
    } catch (error) {
      if (!isWrongLastSequence(error)) throw error;
    }
    const entry = await kv.get(key);
    if (entry === null) continue;
    seen = readValue(entry);
    if (seen !== null && seen.holderId !== holderId && seen.expiresAt > at) throw new LeaseHeldError(key, seen.holderId, seen.expiresAt);
    try {
      won = { revision: await kv.update(key, encode(at), entry.revision), expiresAt: at + ttlMs };
    } catch (error) {
      if (!isWrongLastSequence(error)) throw error;
    }
  }
  if (won === undefined) throw new LeaseHeldError(key, seen?.holderId ?? 'unknown', seen?.expiresAt ?? now());
  return startLease(kv, key, holderId, ttlMs, won, encode, now, options);
}

function startLease(
  kv: KV,
  key: string,
  holderId: string,
  ttlMs: number,
  won: { revision: number; expiresAt: number },
  encode: (at: number) => string,
  now: () => number,
  options: LeaseOptions,
): Lease {
  const logger = options.logger ?? stderrBusLogger;
  let { revision, expiresAt } = won;
  let lostError: LeaseLostError | undefined;
  let released = false;
  let renewing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let resolveLost: (error: LeaseLostError) => void = () => {};
  const lostPromise = new Promise<LeaseLostError>((resolve) => (resolveLost = resolve));

  const markLost = (reason: string, cause?: unknown): LeaseLostError => {
    if (lostError) return lostError;
    lostError = new LeaseLostError(key, reason, { cause });
    if (timer) clearInterval(timer);
    logger.warn({ lease: key, holderId, reason }, 'lease lost');
    resolveLost(lostError);
    options.onLost?.(lostError);
    return lostError;
  };

  const renewOnce = async (): Promise<void> => {
    const at = now();
    try {
      revision = await kv.update(key, encode(at), revision);
      expiresAt = at + ttlMs;
    } catch (error) {
      // Our revision is not the last one: someone took the lease over, or it was deleted.
      if (isWrongLastSequence(error)) throw markLost('the key changed since our last write', error);
      if (now() >= expiresAt) throw markLost('not renewed before it expired', error);
      throw error;
    }
  };

  const renew = (): Promise<void> => {
    if (lostError) return Promise.reject(lostError);
    if (released) return Promise.reject(new LeaseLostError(key, 'released'));
    // One write at a time: two with the same revision would make the second look like a takeover.
    renewing ??= renewOnce().finally(() => (renewing = undefined));
    return renewing;
  };

  if (options.autoRenew ?? true) {
    const every = renewInterval(ttlMs, options);
    timer = setInterval(() => {
      if (renewing && now() >= expiresAt) {
        markLost('a renewal hung past expiry');
        return;
      }
      renew().catch((error: unknown) => {
        if (!lostError) logger.warn({ lease: key, holderId, ...errorFields(error) }, 'lease renewal failed, will retry');
      });
    }, every);
    // The lease keeps nothing alive by itself: the service's connection and work do.
    timer.unref();
  }

  return {
    key,
    holderId,
    ttlMs,
    revision: () => revision,
    expiresAt: () => expiresAt,
    isHeld: () => !lostError && !released && now() < expiresAt,
    renew,
    release: async () => {
      if (timer) clearInterval(timer);
      if (released || lostError) return;
      released = true;
      await renewing?.catch(() => {});
      try {
        await kv.delete(key, { previousSeq: revision });
      } catch (error) {
        // Already someone else's: nothing of ours to delete.
        if (!isWrongLastSequence(error)) throw error;
      }
    },
    lost: () => lostPromise,
  };
}
