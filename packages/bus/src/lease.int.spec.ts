import type { KV } from '@nats-io/kv';
import { cleanUp, connectTestBus, testNamespace, waitFor } from '../test/nats-test-kit';
import type { Bus } from './connect-bus';
import { acquireLease } from './lease';
import type { LeaseOptions } from './lease';
import type { Lease, LeaseValue } from './lease';
import { openLeaseBucket } from './lease-bucket';
import { isLeaseHeldError, isLeaseLostError } from './lease-errors';
import { silentBusLogger } from './logger';
import type { LeaseHeldError, LeaseLostError } from './lease-errors';

describe('acquireLease', () => {
  const ns = testNamespace();
  let bus: Bus;
  let kv: KV;
  const leases: Lease[] = [];
  let keyNo = 0;
  const freshKey = () => `account-${++keyNo}`;
  const quiet = (options: LeaseOptions = {}): LeaseOptions => ({ logger: silentBusLogger, ...options });
  const take = async (kvb: KV, key: string, holder: string, ttlMs: number, options: LeaseOptions = {}) => {
    const lease = await acquireLease(kvb, key, holder, ttlMs, quiet(options));
    leases.push(lease);
    return lease;
  };
  beforeAll(async () => {
    bus = await connectTestBus('lease-test');
    kv = await openLeaseBucket(bus, ns, { ttlMs: 60_000 });
  });
  afterAll(async () => {
    await Promise.all(leases.map((l) => l.release().catch(() => {})));
    await cleanUp(bus, ns);
  });

  it('refuses a second holder while the first holds the lease', async () => {
    const key = freshKey();
    const first = await take(kv, key, 'exec-a', 5000, { autoRenew: false });
    const refusal = (await acquireLease(kv, key, 'exec-b', 5000, quiet()).catch((error: unknown) => error)) as LeaseHeldError;
    expect(isLeaseHeldError(refusal)).toBe(true);
    expect([refusal.holderId, refusal.expiresAt]).toEqual(['exec-a', first.expiresAt()]);
    expect(first.isHeld()).toBe(true);
    expect((await kv.get(key))?.json<LeaseValue>().holderId).toBe('exec-a');
  });

  it('lets another holder take over once the lease expired, and the old holder learns it lost it', async () => {
    const key = freshKey();
    const lost: LeaseLostError[] = [];
    const old = await take(kv, key, 'exec-a', 200, { autoRenew: false, onLost: (e) => lost.push(e) });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(old.isHeld()).toBe(false);

    const successor = await take(kv, key, 'exec-b', 5000, { autoRenew: false });
    expect(successor.isHeld()).toBe(true);
    expect((await kv.get(key))?.json<LeaseValue>().holderId).toBe('exec-b');

    const renewal = await old.renew().catch((error: unknown) => error);
    expect(isLeaseLostError(renewal)).toBe(true);
    expect(lost).toHaveLength(1);
    // The failed renewal wrote nothing.
    expect((await kv.get(key))?.revision).toBe(successor.revision());
  });

  it('renew extends the lease and keeps others out past the first expiry', async () => {
    const key = freshKey();
    let clock = 1_000_000;
    const lease = await take(kv, key, 'exec-a', 1000, { autoRenew: false, now: () => clock });
    const firstExpiry = lease.expiresAt();
    clock += 800;
    await lease.renew();
    expect(lease.expiresAt()).toBe(clock + 1000);
    clock += 500;
    // Past the first expiry, within the renewed one.
    expect(firstExpiry).toBeLessThan(clock);
    expect(lease.isHeld()).toBe(true);
    await expect(acquireLease(kv, key, 'exec-b', 1000, quiet({ now: () => clock }))).rejects.toMatchObject({ name: 'LeaseHeldError' });
  });

  it('renews in the background, and release lets a standby take over at once', async () => {
    const key = freshKey();
    const lease = await take(kv, key, 'exec-a', 300, { renewEveryMs: 50 });
    const revision = lease.revision();
    await waitFor('a background renewal', () => lease.revision() > revision, 2000);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(lease.isHeld()).toBe(true);
    await expect(acquireLease(kv, key, 'exec-b', 300, quiet({ autoRenew: false }))).rejects.toMatchObject({ name: 'LeaseHeldError' });

    await lease.release();
    expect(lease.isHeld()).toBe(false);
    const standby = await take(kv, key, 'exec-b', 300, { autoRenew: false });
    expect(standby.isHeld()).toBe(true);
  });

  it('refuses a renewal interval that would let the lease lapse, before writing anything', async () => {
    const key = freshKey();
    await expect(acquireLease(kv, key, 'exec-a', 100, quiet({ renewEveryMs: 100 }))).rejects.toMatchObject({ name: 'BusConfigError' });
    expect(await kv.get(key)).toBeNull();
  });

  it('a background renewal that finds the lease taken reports it lost', async () => {
    const key = freshKey();
    const clock = 5_000_000;
    const lease = await take(kv, key, 'exec-a', 1000, { renewEveryMs: 30, now: () => clock });
    // Someone judging by a later clock takes it over as expired.
    await take(kv, key, 'exec-b', 1000, { autoRenew: false, now: () => clock + 2000 });
    const lost = await lease.lost();
    expect(lost.reason).toMatch(/changed/);
    expect(lease.isHeld()).toBe(false);
  });
});
