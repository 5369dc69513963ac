import { createRateLimitGuard } from './rate-limit-guard';

function guardAt(nowMs: number) {
  const sleeps: number[] = [];
  let now = nowMs;
  const guard = createRateLimitGuard({
    minRemaining: 1,
    maxWaitMs: 2_000,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  });
  return { guard, sleeps };
}

describe('rate-limit guard (X-Bapi-Limit-Status / X-Bapi-Limit-Reset-Timestamp)', () => {
  it('does not wait while calls remain', async () => {
    const { guard, sleeps } = guardAt(1_000);
    guard.observe('/v5/order/create', { 'X-Bapi-Limit': '10', 'X-Bapi-Limit-Status': '5', 'X-Bapi-Limit-Reset-Timestamp': '1500' });
    await guard.waitTurn('/v5/order/create');
    expect(sleeps).toEqual([]);
  });

  it('waits for the reset when the endpoint is nearly exhausted, then forgets it', async () => {
    const { guard, sleeps } = guardAt(1_000);
    guard.observe('/v5/order/create', { 'X-Bapi-Limit-Status': '1', 'X-Bapi-Limit-Reset-Timestamp': '1400' });
    expect(guard.pendingWaitMs('/v5/order/create')).toBe(400);
    await guard.waitTurn('/v5/order/create');
    await guard.waitTurn('/v5/order/create');
    expect(sleeps).toEqual([400]);
  });

  it('tracks endpoints separately and reads header names in any case', async () => {
    const { guard, sleeps } = guardAt(1_000);
    guard.observe('/v5/order/create', { 'x-bapi-limit-status': '0', 'x-bapi-limit-reset-timestamp': '1300' });
    await guard.waitTurn('/v5/position/list');
    expect(sleeps).toEqual([]);
    await guard.waitTurn('/v5/order/create');
    expect(sleeps).toEqual([300]);
  });

  it('caps the wait (a skewed or simulated reset clock cannot stall us) and ignores a past reset', async () => {
    const { guard, sleeps } = guardAt(1_000);
    guard.observe('/a', { 'X-Bapi-Limit-Status': '0', 'X-Bapi-Limit-Reset-Timestamp': '999999' });
    guard.observe('/b', { 'X-Bapi-Limit-Status': '0', 'X-Bapi-Limit-Reset-Timestamp': '10' });
    await guard.waitTurn('/a');
    await guard.waitTurn('/b');
    expect(sleeps).toEqual([2_000]);
  });

  it('ignores responses without usable headers', async () => {
    const { guard } = guardAt(1_000);
    guard.observe('/a', { 'X-Bapi-Limit-Status': '', 'X-Bapi-Limit-Reset-Timestamp': '2000' });
    guard.observe('/b', { 'Content-Type': 'application/json' });
    expect(guard.pendingWaitMs('/a')).toBe(0);
    expect(guard.pendingWaitMs('/b')).toBe(0);
  });
});
