import { runReadiness } from './readiness';

describe('runReadiness', () => {
  it('is ready with no checks', async () => {
    expect(await runReadiness({}, 100)).toEqual({ ready: true, checks: {}, failures: {}, errors: {} });
  });

  it('runs named checks in parallel, each with its own timeout', async () => {
    const boom = new Error('boom');
    const started = performance.now();
    const report = await runReadiness(
      {
        up: async () => true,
        slowButInTime: () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 40)),
        hung: () => new Promise<boolean>(() => undefined),
        alsoHung: () => new Promise<boolean>(() => undefined),
        thirdHung: () => new Promise<boolean>(() => undefined),
        throws: () => {
          throw boom;
        },
        truthyIsNotTrue: () => 1 as unknown as boolean,
      },
      200,
    );
    // Three hung checks in parallel cost one timeout (200 ms), not three (600 ms).
    expect(performance.now() - started).toBeLessThan(500);
    expect(report.ready).toBe(false);
    expect(report.checks).toEqual({ up: true, slowButInTime: true, hung: false, alsoHung: false, thirdHung: false, throws: false, truthyIsNotTrue: false });
    expect(report.failures).toEqual({ hung: 'timeout', alsoHung: 'timeout', thirdHung: 'timeout', throws: 'error', truthyIsNotTrue: 'false' });
    expect(report.errors).toEqual({ throws: boom });
  });

  it('reads one readiness function, and fails as a whole when it throws, hangs or answers nonsense', async () => {
    expect(await runReadiness(() => ({ nats: true, redis: false }), 100)).toMatchObject({ ready: false, checks: { nats: true, redis: false }, failures: { redis: 'false' } });
    expect(await runReadiness(async () => { throw new Error('x'); }, 100)).toMatchObject({ ready: false, failures: { readiness: 'error' } });
    expect(await runReadiness(() => new Promise<Record<string, boolean>>(() => undefined), 50)).toMatchObject({ ready: false, failures: { readiness: 'timeout' } });
    expect(await runReadiness(() => null as unknown as Record<string, boolean>, 50)).toMatchObject({ ready: false, failures: { readiness: 'false' } });
  });
});
