import type { Logger } from 'pino';
import type { BybitCredentials } from '../config/bybit-config';
import { AuthError } from '../errors/bybit-errors';
import { createScrubber } from '../errors/scrub-secrets';
import { childLogger } from '../logging/bybit-logger';
import {
  describeIssues,
  executionUpdateSchema,
  isReply,
  opReplySchema,
  orderUpdateSchema,
  positionUpdateSchema,
  privatePushSchema,
  walletUpdateSchema,
} from './frames';
import type { ExecutionUpdate, OrderUpdate, PositionUpdate, WalletUpdate } from './frames';
import { BoundedMap, isNewerOrderVersion, isNewerPositionVersion } from './private-dedupe';
import type { OrderVersion, PositionVersion } from './private-dedupe';
import { RecentKeys } from './recent-keys';
import { createReconnectingSocket } from './reconnecting-socket';
import { wsAuthFrame } from './sign-ws-auth';
import { TypedEmitter } from './typed-emitter';
import type { Subscribable } from './typed-emitter';

export interface PrivateStreamEvents {
  order: OrderUpdate;
  /** Each fill once (deduplicated by execId). */
  execution: ExecutionUpdate;
  position: PositionUpdate;
  wallet: WalletUpdate;
  /**
   * The stream is (again) authenticated and subscribed. Bybit sends no snapshot on subscribe
   * and nothing that happened while disconnected: on `reconnect: true`, reconcile by REST.
   */
  up: { readonly reconnect: boolean };
  down: { readonly reason: string };
  error: { readonly error: Error };
}

export interface PrivateStreamStats {
  readonly malformed: number;
  readonly duplicates: number;
  readonly connections: number;
  readonly authFailures: number;
}

export interface PrivateStream extends Subscribable<PrivateStreamEvents> {
  start(): void;
  close(): Promise<void>;
  stats(): PrivateStreamStats;
  readonly malformedCount: number;
  reconnect(reason: string): void;
}

export interface PrivateStreamOptions {
  readonly url: string;
  readonly credentials: BybitCredentials;
  readonly logger: Logger;
  readonly now?: () => number;
  /** How far ahead the auth signature expires; ccxt uses 10 s. */
  readonly authExpiryMs?: number;
  readonly pingIntervalMs?: number;
  readonly staleAfterMs?: number;
  readonly handshakeTimeoutMs?: number;
  readonly reconnectBackoff?: { readonly baseMs: number; readonly maxMs: number };
  readonly random?: () => number;
  readonly onMalformed?: (reason: string, raw: string) => void;
}

const TOPICS = ['order', 'execution', 'position', 'wallet'] as const;
const MAX_RAW_IN_LOG = 300;
const MEMORY = 10_000;

/** The private stream: authenticated, subscribed to order, execution, position and wallet. */
export function createPrivateStream(options: PrivateStreamOptions): PrivateStream {
  const log = childLogger(options.logger, 'bybit-ws-private');
  const now = options.now ?? Date.now;
  const scrub = createScrubber([options.credentials.apiSecret.reveal(), options.credentials.apiKey]);
  const pingIntervalMs = options.pingIntervalMs ?? 20_000;
  const emitter = new TypedEmitter<PrivateStreamEvents>((event, error) => log.error({ event, error: String(error) }, 'listener threw'));
  const stats = { malformed: 0, duplicates: 0, connections: 0, authFailures: 0 };
  const executions = new RecentKeys<string>(MEMORY);
  const orders = new BoundedMap<string, OrderVersion>(MEMORY);
  const positions = new Map<string, PositionVersion>();
  let reqId = 0;

  const malformed = (reason: string, raw: string): void => {
    stats.malformed += 1;
    log.warn({ reason, raw: scrub(raw.slice(0, MAX_RAW_IN_LOG)) }, 'malformed frame skipped');
    try {
      options.onMalformed?.(reason, raw);
    } catch (error) {
      log.error({ error: String(error) }, 'onMalformed hook threw');
    }
  };

  const duplicate = (topic: string, key: string): void => {
    stats.duplicates += 1;
    log.debug({ topic, key }, 'duplicate or stale push dropped');
  };

  function onPush(topic: (typeof TOPICS)[number], items: readonly unknown[], raw: string): void {
    for (const item of items) {
      switch (topic) {
        case 'order': {
          const parsed = orderUpdateSchema.safeParse(item);
          if (!parsed.success) {
            malformed(`order: ${describeIssues(parsed.error)}`, raw);
            break;
          }
          const o = parsed.data;
          if (!isNewerOrderVersion(orders.get(o.orderId), o)) {
            duplicate(topic, o.orderId);
            break;
          }
          orders.set(o.orderId, { updatedTime: o.updatedTime, cumExecQty: o.cumExecQty, orderStatus: o.orderStatus });
          emitter.emit('order', o);
          break;
        }
        case 'execution': {
          const parsed = executionUpdateSchema.safeParse(item);
          if (!parsed.success) {
            malformed(`execution: ${describeIssues(parsed.error)}`, raw);
            break;
          }
          if (!executions.add(parsed.data.execId)) {
            duplicate(topic, parsed.data.execId);
            break;
          }
          emitter.emit('execution', parsed.data);
          break;
        }
        case 'position': {
          const parsed = positionUpdateSchema.safeParse(item);
          if (!parsed.success) {
            malformed(`position: ${describeIssues(parsed.error)}`, raw);
            break;
          }
          const p = parsed.data;
          const version = { seq: p.seq, updatedTime: p.updatedTime };
          if (!isNewerPositionVersion(positions.get(p.symbol), version)) {
            duplicate(topic, p.symbol);
            break;
          }
          positions.set(p.symbol, version);
          emitter.emit('position', p);
          break;
        }
        case 'wallet': {
          const parsed = walletUpdateSchema.safeParse(item);
          if (!parsed.success) {
            malformed(`wallet: ${describeIssues(parsed.error)}`, raw);
            break;
          }
          emitter.emit('wallet', parsed.data);
          break;
        }
      }
    }
  }

  function onMessage(message: unknown, raw: string): void {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return malformed('not an object', raw);
    if ('op' in message) {
      const reply = opReplySchema.safeParse(message);
      if (!reply.success) return malformed(`op reply: ${describeIssues(reply.error)}`, raw);
      if (reply.data.success === false) log.warn({ op: reply.data.op, retMsg: scrub(reply.data.ret_msg ?? '') }, 'op refused');
      return;
    }
    const push = privatePushSchema.safeParse(message);
    if (!push.success) return malformed(`push: ${describeIssues(push.error)}`, raw);
    onPush(push.data.topic, push.data.data, raw);
  }

  const socket = createReconnectingSocket({
    name: 'bybit private stream',
    url: options.url,
    logger: log,
    pingIntervalMs,
    staleAfterMs: options.staleAfterMs ?? pingIntervalMs * 2 + 5_000,
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
    backoff: options.reconnectBackoff ?? { baseMs: 500, maxMs: 30_000 },
    random: options.random ?? Math.random,
    pingFrame: () => ({ req_id: String(++reqId), op: 'ping' }),
    async handshake(session) {
      const authId = String(++reqId);
      const expires = now() + (options.authExpiryMs ?? 10_000);
      const frame = wsAuthFrame(options.credentials.apiKey, options.credentials.apiSecret.reveal(), expires, authId);
      const auth = opReplySchema.parse(await session.request(frame, (m) => isReply(m, 'auth', authId), 10_000));
      if (auth.success !== true && auth.retCode !== 0) {
        stats.authFailures += 1;
        throw new AuthError(scrub(`private stream auth refused: ${auth.ret_msg ?? 'no reason given'}`));
      }
      const subId = String(++reqId);
      const ack = opReplySchema.parse(await session.request({ req_id: subId, op: 'subscribe', args: [...TOPICS] }, (m) => isReply(m, 'subscribe', subId), 10_000));
      if (ack.success !== true) throw new Error(scrub(`private subscribe refused: ${ack.ret_msg ?? 'no reason given'}`));
    },
    onMessage,
    onMalformed: malformed,
    onUp(reconnect) {
      stats.connections += 1;
      log.info({ reconnect }, 'private stream up');
      emitter.emit('up', { reconnect });
    },
    onDown(reason) {
      log.warn({ reason }, 'private stream down');
      emitter.emit('down', { reason });
    },
    onHandshakeError(error) {
      const err = error instanceof Error ? error : new Error(String(error));
      const safe = err instanceof AuthError ? err : new Error(scrub(err.message));
      log.warn({ error: safe.message }, 'private stream handshake failed');
      emitter.emit('error', { error: safe });
    },
  });

  return {
    on: (event, listener) => emitter.on(event, listener),
    start: () => socket.start(),
    close: () => socket.close(),
    stats: () => ({ ...stats }),
    get malformedCount() {
      return stats.malformed;
    },
    reconnect: (reason) => socket.reconnect(reason),
  };
}
