import { createLogger } from './create-logger';
import { createMetrics } from './create-metrics';
import type { HealthServer, HealthServerOptions } from './health-server';
import { startHealthServer } from './health-server';
import type { MetricKind } from './metric-names';
import { metricNameProblems } from './metric-names';

const DB_PASSWORD = 'pg-secret-pass-77';

function setup() {
  const lines: string[] = [];
  const logger = createLogger({ service: 'risk', level: 'info', destination: { write: (line: string) => void lines.push(line) }, secrets: [DB_PASSWORD] });
  const metrics = createMetrics({ service: 'risk' });
  return { lines, logger, metrics };
}

const servers: HealthServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: Partial<HealthServerOptions> = {}) {
  const { lines, logger, metrics } = setup();
  const server = await startHealthServer({ port: 0, host: '127.0.0.1', metrics, logger, ...options });
  servers.push(server);
  const get = async (path: string, init?: RequestInit) => {
    const response = await fetch(`http://127.0.0.1:${server.port}${path}`, init);
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type'), text };
  };
  return { server, get, lines, metrics };
}

const never = (): Promise<boolean> => new Promise(() => undefined);

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Block the event loop on purpose.
  }
}

describe('/metrics', () => {
  it('serves the registry in Prometheus text format with its content type', async () => {
    const { get, metrics } = await start();
    metrics.busObserver({ stream: 'MAST_live_sig', consumer: 'risk-signals' }).onHandled('EntrySignalled', 'ok', 0.001);
    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.contentType).toBe(metrics.registry.contentType);
    expect(response.text).toContain('mast_messages_handled_total{stream="MAST_live_sig",type="EntrySignalled",outcome="ok",service="risk"} 1');
    const types = [...response.text.matchAll(/^# TYPE (\S+) (\S+)$/gm)];
    expect(types.length).toBeGreaterThan(20);
    for (const [, name, type] of types) expect(metricNameProblems(type as MetricKind, name as string)).toEqual([]);
  });
});

describe('/readyz', () => {
  it('is 200 with each check when all pass', async () => {
    const { get } = await start({ readiness: { nats: () => true, postgres: async () => true } });
    const response = await get('/readyz');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ status: 'ready', checks: { nats: true, postgres: true } });
  });

  it('is 503 naming the failed check, without the error text, which goes to the log scrubbed', async () => {
    const { get, lines } = await start({
      readiness: { nats: () => true, postgres: async () => { throw new Error(`connect failed: postgres://mast:${DB_PASSWORD}@db/mast`); }, redis: () => false },
    });
    const response = await get('/readyz');
    expect(response.status).toBe(503);
    expect(JSON.parse(response.text)).toEqual({ status: 'not_ready', checks: { nats: true, postgres: false, redis: false }, failures: { postgres: 'error', redis: 'false' } });
    expect(response.text).not.toContain('connect failed');
    const logged = lines.join('');
    expect(logged).toContain('not ready');
    expect(logged).toContain('connect failed');
    expect(logged).not.toContain(DB_PASSWORD);
  });

  it('is 503 when a check outlasts the timeout, and answers within it', async () => {
    const { get } = await start({ readiness: { nats: () => true, postgres: never }, readinessTimeoutMs: 100 });
    const started = performance.now();
    const response = await get('/readyz');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(response.status).toBe(503);
    expect(JSON.parse(response.text)).toMatchObject({ checks: { nats: true, postgres: false }, failures: { postgres: 'timeout' } });
  });

  it('takes one function answering for every dependency', async () => {
    let natsUp = true;
    const { get } = await start({ readiness: async () => ({ nats: natsUp, redis: true }) });
    expect((await get('/readyz')).status).toBe(200);
    natsUp = false;
    const response = await get('/readyz');
    expect(response.status).toBe(503);
    expect(JSON.parse(response.text)).toMatchObject({ checks: { nats: false, redis: true }, failures: { nats: 'false' } });
  });

  it('is 503 once draining, without running the checks', async () => {
    let runs = 0;
    const { server, get } = await start({ readiness: { nats: () => (runs += 1) > 0 } });
    expect((await get('/readyz')).status).toBe(200);
    server.markDraining();
    const response = await get('/readyz');
    expect(response.status).toBe(503);
    expect(JSON.parse(response.text)).toMatchObject({ status: 'draining' });
    expect(runs).toBe(1);
  });
});

describe('/livez', () => {
  it('is 200 while readiness fails or hangs: it never looks at dependencies', async () => {
    const { server, get } = await start({ readiness: { nats: never, postgres: () => false }, readinessTimeoutMs: 5000 });
    const pendingReady = get('/readyz');
    const response = await get('/livez');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({ status: 'ok' });
    server.markDraining();
    expect((await get('/livez')).status).toBe(200);
    await server.close();
    await pendingReady.catch(() => undefined);
  });

  it('is 503 after the event loop was blocked beyond the limit, and recovers after the window', async () => {
    const { get } = await start({ lagSampleIntervalMs: 20, lagWindowMs: 1000, maxEventLoopLagMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await get('/livez')).status).toBe(200);
    busyWait(300);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const lagging = await get('/livez');
    expect(lagging.status).toBe(503);
    expect(JSON.parse(lagging.text)).toMatchObject({ status: 'event_loop_lagging' });
    expect((JSON.parse(lagging.text) as { eventLoopLagSeconds: number }).eventLoopLagSeconds).toBeGreaterThan(0.1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await get('/livez')).status).toBe(200);
  });
});

describe('the server', () => {
  it('answers 404 for other paths and 405 for other methods, and ignores query strings', async () => {
    const { get } = await start();
    expect((await get('/healthz')).status).toBe(404);
    expect((await get('/metrics', { method: 'POST' })).status).toBe(405);
    expect((await get('/livez?verbose=1')).status).toBe(200);
    expect((await get('/readyz', { method: 'HEAD' })).status).toBe(200);
  });

  it('stops listening on close, and close can be called twice', async () => {
    const { server, get } = await start();
    expect((await get('/livez')).status).toBe(200);
    await server.close();
    await server.close();
    await expect(get('/livez')).rejects.toThrow();
  });

  it('fails to start on a port in use', async () => {
    const { server } = await start();
    const { logger, metrics } = setup();
    await expect(startHealthServer({ port: server.port, host: '127.0.0.1', metrics, logger })).rejects.toThrow(/EADDRINUSE/);
  });
});
