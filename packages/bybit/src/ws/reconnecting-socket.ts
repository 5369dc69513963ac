import type { Logger } from 'pino';
import WebSocket from 'ws';
import { backoffDelayMs } from '../rest/backoff';

/** What a handshake (auth, subscribe) can do on a fresh connection. */
export interface SocketSession {
  /**
   * Sends `frame` and resolves with the first incoming message `match` accepts. Rejects after
   * `timeoutMs` or when the connection closes first.
   */
  request(frame: object, match: (message: unknown) => boolean, timeoutMs: number): Promise<unknown>;
  send(frame: object): void;
}

export interface ReconnectingSocketOptions {
  readonly name: string;
  readonly url: string;
  readonly logger: Logger;
  /** Bybit asks for a ping every 20 s. */
  readonly pingIntervalMs: number;
  /** With no frame at all (pong or data) for this long, the link is dead: drop and reconnect. */
  readonly staleAfterMs: number;
  /** Connect plus handshake must finish within this. */
  readonly handshakeTimeoutMs: number;
  readonly backoff: { readonly baseMs: number; readonly maxMs: number };
  readonly random: () => number;
  readonly pingFrame: () => object;
  /** Runs on every new connection; throwing drops the connection and retries with backoff. */
  readonly handshake: (session: SocketSession) => Promise<void>;
  readonly onMessage: (message: unknown, raw: string) => void;
  readonly onMalformed: (reason: string, raw: string) => void;
  /** The connection is ready (handshake done). `reconnect` is false only the first time. */
  readonly onUp?: (reconnect: boolean) => void;
  readonly onDown?: (reason: string) => void;
  readonly onHandshakeError?: (error: unknown) => void;
}

export interface ReconnectingSocket {
  start(): void;
  close(): Promise<void>;
  /** Drops the current connection; a new one follows. */
  reconnect(reason: string): void;
  readonly isUp: boolean;
  /** Connections that completed their handshake. */
  readonly upCount: number;
}

interface Waiter {
  readonly match: (message: unknown) => boolean;
  readonly resolve: (message: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * One logical WebSocket link that survives drops: heartbeats, a liveness watchdog, jittered
 * exponential backoff between attempts, and a handshake re-run on every connection (Bybit keeps
 * no subscription state across connections).
 */
export function createReconnectingSocket(options: ReconnectingSocketOptions): ReconnectingSocket {
  const log = options.logger;
  let current: WebSocket | undefined;
  let stopped = true;
  let up = false;
  let upCount = 0;
  let failures = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let pingTimer: NodeJS.Timeout | undefined;
  let watchdogTimer: NodeJS.Timeout | undefined;
  let lastFrameAt = 0;
  const waiters = new Set<Waiter>();

  const clearTimers = (): void => {
    clearInterval(pingTimer);
    clearInterval(watchdogTimer);
    pingTimer = undefined;
    watchdogTimer = undefined;
  };

  const rejectWaiters = (reason: string): void => {
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.reject(new Error(`${options.name}: ${reason}`));
    }
    waiters.clear();
  };

  const send = (socket: WebSocket, frame: object): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  };

  const scheduleReconnect = (): void => {
    if (stopped || reconnectTimer !== undefined) return;
    const delay = backoffDelayMs(failures, options.backoff, options.random);
    failures += 1;
    log.info({ delayMs: delay, attempt: failures }, `${options.name}: reconnecting`);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect();
    }, delay);
  };

  const connect = (): void => {
    if (stopped) return;
    const socket = new WebSocket(options.url, { handshakeTimeout: options.handshakeTimeoutMs });
    current = socket;
    let socketUp = false;

    const session: SocketSession = {
      send: (frame) => send(socket, frame),
      request: (frame, match, timeoutMs) =>
        new Promise<unknown>((resolve, reject) => {
          const waiter: Waiter = {
            match,
            resolve: (m) => {
              clearTimeout(waiter.timer);
              waiters.delete(waiter);
              resolve(m);
            },
            reject,
            timer: setTimeout(() => {
              waiters.delete(waiter);
              reject(new Error(`${options.name}: no answer within ${timeoutMs} ms`));
            }, timeoutMs),
          };
          waiters.add(waiter);
          send(socket, frame);
        }),
    };

    socket.on('open', () => {
      lastFrameAt = Date.now();
      clearTimers();
      pingTimer = setInterval(() => send(socket, options.pingFrame()), options.pingIntervalMs);
      watchdogTimer = setInterval(() => {
        if (Date.now() - lastFrameAt <= options.staleAfterMs) return;
        log.warn({ silentMs: Date.now() - lastFrameAt }, `${options.name}: no frame for too long, dropping the link`);
        socket.terminate();
      }, Math.max(10, Math.floor(Math.min(options.staleAfterMs, options.pingIntervalMs) / 4)));
      const deadline = setTimeout(() => {
        log.warn(`${options.name}: handshake timed out`);
        socket.terminate();
      }, options.handshakeTimeoutMs);
      options
        .handshake(session)
        .then(() => {
          clearTimeout(deadline);
          if (current !== socket || socket.readyState !== WebSocket.OPEN) return;
          socketUp = true;
          up = true;
          failures = 0;
          upCount += 1;
          options.onUp?.(upCount > 1);
        })
        .catch((error: unknown) => {
          clearTimeout(deadline);
          options.onHandshakeError?.(error);
          socket.terminate();
        });
    });

    socket.on('message', (data: WebSocket.RawData) => {
      lastFrameAt = Date.now();
      const raw = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        options.onMalformed('invalid JSON', raw);
        return;
      }
      for (const w of waiters) {
        if (safeMatch(w.match, message)) {
          w.resolve(message);
          return;
        }
      }
      options.onMessage(message, raw);
    });

    socket.on('error', (error: Error) => {
      log.warn({ error: error.message }, `${options.name}: socket error`);
    });

    socket.on('close', (code: number) => {
      if (current === socket) {
        current = undefined;
        clearTimers();
        rejectWaiters(`connection closed (${code})`);
        up = false;
      }
      if (socketUp) options.onDown?.(`closed with code ${code}`);
      scheduleReconnect();
    });
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      connect();
    },
    async close() {
      stopped = true;
      clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      clearTimers();
      rejectWaiters('closed by us');
      const socket = current;
      current = undefined;
      up = false;
      if (socket === undefined || socket.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          socket.terminate();
          resolve();
        }, 1_000);
        socket.once('close', () => {
          clearTimeout(force);
          resolve();
        });
        if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
        else socket.close(1000);
      });
    },
    reconnect(reason) {
      log.warn({ reason }, `${options.name}: dropping the link on request`);
      current?.terminate();
    },
    get isUp() {
      return up;
    },
    get upCount() {
      return upCount;
    },
  };
}

function safeMatch(match: (message: unknown) => boolean, message: unknown): boolean {
  try {
    return match(message);
  } catch {
    return false;
  }
}
