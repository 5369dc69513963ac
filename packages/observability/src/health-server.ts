import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from './create-logger';
import { startEventLoopLagMonitor } from './event-loop-lag';
import type { Readiness } from './readiness';
import { runReadiness } from './readiness';

export const HEALTH_PATHS = { live: '/livez', ready: '/readyz', metrics: '/metrics' } as const;

export interface HealthServerOptions {
  /** 0 picks a free port (tests); the chosen one is on the result. */
  readonly port: number;
  /** All interfaces by default, so the kubelet can reach the probes on the pod IP. */
  readonly host?: string;
  readonly metrics: { readonly registry: Registry };
  /** Dependency checks for `/readyz` (NATS, Postgres, Redis as the service needs); none: always ready. */
  readonly readiness?: Readiness;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Per check (or for the whole readiness function); default 2 s, under the kubelet's probe timeout. */
  readonly readinessTimeoutMs?: number;
  /** `/livez` fails when the event loop was this late within the lag window; default 2 s. */
  readonly maxEventLoopLagMs?: number;
  /** Lag sampling period (default 500 ms) and how long a late sample counts (default 5 s). */
  readonly lagSampleIntervalMs?: number;
  readonly lagWindowMs?: number;
}

export interface HealthServer {
  readonly port: number;
  /** From now on `/readyz` answers 503 without running checks: the service is shutting down. */
  markDraining(): void;
  close(): Promise<void>;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  send(req, res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

/**
 * The service's probe and scrape endpoints on a plain node:http server:
 * - `/livez`: the process answers and its event loop is not badly late. It never looks at a
 *   dependency: a NATS outage must not turn into a restart storm (OPS.md).
 * - `/readyz`: runs the readiness checks with a timeout; 200 with each check's result, or 503.
 * - `/metrics`: the registry in Prometheus text format.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const { logger, metrics } = options;
  const readinessTimeoutMs = options.readinessTimeoutMs ?? 2000;
  const maxLagMs = options.maxEventLoopLagMs ?? 2000;
  const lag = startEventLoopLagMonitor({ intervalMs: options.lagSampleIntervalMs, windowMs: options.lagWindowMs });
  const started = performance.now();
  let draining = false;
  let lastReady: boolean | undefined;

  const live = (req: IncomingMessage, res: ServerResponse): void => {
    const lagMs = lag.lagMs();
    const ok = lagMs <= maxLagMs;
    sendJson(req, res, ok ? 200 : 503, {
      status: ok ? 'ok' : 'event_loop_lagging',
      uptimeSeconds: (performance.now() - started) / 1000,
      eventLoopLagSeconds: lagMs / 1000,
    });
  };

  const ready = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (draining) {
      sendJson(req, res, 503, { status: 'draining', checks: {} });
      return;
    }
    const report = await runReadiness(options.readiness ?? {}, readinessTimeoutMs);
    if (report.ready !== lastReady) {
      if (report.ready) logger.info({ checks: report.checks }, 'ready');
      else logger.warn({ checks: report.checks, failures: report.failures, errors: report.errors }, 'not ready');
      lastReady = report.ready;
    }
    const body = report.ready ? { status: 'ready', checks: report.checks } : { status: 'not_ready', checks: report.checks, failures: report.failures };
    sendJson(req, res, report.ready ? 200 : 503, body);
  };

  const scrape = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    send(req, res, 200, metrics.registry.contentType, await metrics.registry.metrics());
  };

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>> = {
    [HEALTH_PATHS.live]: live,
    [HEALTH_PATHS.ready]: ready,
    [HEALTH_PATHS.metrics]: scrape,
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes[path];
    if (!route) return sendJson(req, res, 404, { error: 'not found' });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendJson(req, res, 405, { error: 'method not allowed' });
    }
    Promise.resolve()
      .then(() => route(req, res))
      .catch((error: unknown) => {
        logger.error({ err: error, path }, 'health endpoint failed');
        if (!res.headersSent) sendJson(req, res, 500, { error: 'internal error' });
        else res.destroy();
      });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    lag.stop();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, paths: Object.values(HEALTH_PATHS) }, 'health server listening');

  let closing: Promise<void> | undefined;
  return {
    port,
    markDraining: () => {
      draining = true;
    },
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        lag.stop();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections (Prometheus keeps one) would hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
