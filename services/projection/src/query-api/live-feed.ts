import type { ServerResponse } from 'node:http';
import type { StreamCursors } from '@mast/read-model';
import { dashboardSnapshot, dashboardUpdate } from './dashboard-state';
import type { ReadSource } from './read-source';

export interface LiveFeedLogger {
  warn(object: object, message: string): void;
}

export interface LiveFeedOptions {
  readonly source: ReadSource;
  readonly logger: LiveFeedLogger;
  /** How often the read model is polled for new trail rows while a browser is connected. */
  readonly intervalMs?: number;
  /** The correlation matrix is recomputed at most this often (it reads hours of candles). */
  readonly correlationEveryMs?: number;
  readonly heartbeatMs?: number;
  /** Told the number of connected browsers whenever it changes. */
  readonly onClients?: (count: number) => void;
}

export interface LiveFeed {
  /** Takes over the response as a server-sent event stream: a `snapshot`, then `update`s. */
  attach(res: ServerResponse): Promise<void>;
  readonly clients: number;
  close(): void;
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Live updates for the dashboard over server-sent events. One poller per process reads what the
 * projector committed since the last look (trail rows after a cursor per stream, an index range
 * each), turns it into one update and sends it to every browser: the cost does not grow with
 * the number of browsers, and nothing runs while none is connected. It reads only the read
 * model, like the rest of the API, so it shows exactly what was committed.
 */
export function createLiveFeed(options: LiveFeedOptions): LiveFeed {
  const { source, logger } = options;
  const intervalMs = options.intervalMs ?? 500;
  const correlationEveryMs = options.correlationEveryMs ?? 5000;
  const clients = new Set<ServerResponse>();
  let cursors: StreamCursors | null = null;
  let timer: NodeJS.Timeout | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let lastCorrelation = 0;
  let failing = false;
  let closed = false;

  const broadcast = (text: string) => {
    for (const res of clients) res.write(text);
  };

  const schedule = (ms: number) => {
    if (closed || clients.size === 0 || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void tick();
    }, ms);
  };

  async function tick(): Promise<void> {
    if (clients.size === 0) return;
    let again = intervalMs;
    try {
      cursors ??= await source.series.trailHeads();
      const changes = await source.series.trailSince(cursors, { limit: 5000 });
      if (changes.rows.length > 0) {
        const withCorrelation = Date.now() - lastCorrelation >= correlationEveryMs;
        const update = await dashboardUpdate(source, changes.rows, { withCorrelation });
        if (withCorrelation) lastCorrelation = Date.now();
        broadcast(frame('update', update));
      }
      cursors = changes.cursors;
      if (changes.more) again = 0;
      if (failing) broadcast(frame('status', { ok: true }));
      failing = false;
    } catch (error) {
      if (!failing) logger.warn({ err: error }, 'dashboard live feed cannot read the read model; retrying');
      if (!failing) broadcast(frame('status', { ok: false, detail: 'the read model cannot be read right now' }));
      failing = true;
      again = Math.max(intervalMs, 2000);
    }
    schedule(again);
  }

  const remove = (res: ServerResponse) => {
    if (!clients.delete(res)) return;
    options.onClients?.(clients.size);
    if (clients.size === 0) {
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
      // The next browser starts from where the read model is then.
      cursors = null;
    }
  };

  return {
    get clients() {
      return clients.size;
    },
    async attach(res) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      // Retry after 2 s if the connection drops (the browser reconnects by itself).
      res.write('retry: 2000\n\n');
      res.on('close', () => remove(res));
      // Where the poller stands before the snapshot is read: what commits meanwhile comes as an update.
      if (clients.size === 0) cursors = await source.series.trailHeads();
      const snapshot = await dashboardSnapshot(source);
      if (res.destroyed || closed) return;
      res.write(frame('snapshot', snapshot));
      clients.add(res);
      options.onClients?.(clients.size);
      heartbeat ??= setInterval(() => broadcast(': keep-alive\n\n'), options.heartbeatMs ?? 15_000);
      schedule(intervalMs);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (heartbeat) clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
