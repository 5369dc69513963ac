/**
 * `/v5/private`: auth (BYBIT_V5.md §2.4), then order/execution/position/wallet topics (§6).
 * Nothing is sent on subscribe; pushes follow every change the exchange announces.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type WebSocket from 'ws';
import type { Exchange, PrivateEvent } from '../exchange/exchange';
import type { FaultEngine } from '../faults/fault-engine';
import { WsChannel } from '../faults/fault-rule';
import { wsAuthSignature } from '../http/signature';
import { parseClientFrame, reqIdOf, StreamConnection } from './stream-connection';

const ALL_IN_ONE = ['order', 'execution', 'position', 'wallet'];
const BY_CATEGORY = ['order.linear', 'execution.linear', 'position.linear'];

export class PrivateStream {
  readonly connections = new Set<StreamConnection>();

  constructor(
    private readonly exchange: Exchange,
    private readonly faults: FaultEngine,
    private readonly now: () => number,
  ) {
    exchange.onEvent((event) => this.onExchangeEvent(event));
  }

  attach(ws: WebSocket): void {
    const conn = new StreamConnection(ws, WsChannel.PRIVATE, this.faults);
    this.connections.add(conn);
    ws.on('close', () => this.connections.delete(conn));
    ws.on('message', (data) => this.onMessage(conn, parseClientFrame(data)));
  }

  private onMessage(conn: StreamConnection, msg: Record<string, unknown> | undefined): void {
    if (!msg) {
      conn.sendControl({ success: false, ret_msg: 'Params Error', op: '', conn_id: conn.connId });
      return;
    }
    const op = msg['op'];
    const reply = (success: boolean, retMsg: string): void =>
      conn.sendControl({ success, ret_msg: retMsg, op, conn_id: conn.connId, ...reqIdOf(msg) });
    switch (op) {
      case 'ping':
        conn.sendControl({ ...reqIdOf(msg), op: 'pong', args: [String(this.now())], conn_id: conn.connId });
        return;
      case 'auth': {
        if (conn.account) return reply(false, 'Repeat auth');
        const failure = this.authenticate(conn, msg['args']);
        return reply(failure === undefined, failure ?? '');
      }
      case 'subscribe': {
        if (!conn.account) return reply(false, 'Request not authorized');
        const args = Array.isArray(msg['args']) ? msg['args'].map(String) : [];
        const unknown = args.find((t) => !ALL_IN_ONE.includes(t) && !BY_CATEGORY.includes(t));
        if (unknown !== undefined) return reply(false, `error:handler not found,topic:${unknown}`);
        if (args.some((t) => ALL_IN_ONE.includes(t)) && args.some((t) => BY_CATEGORY.includes(t))) {
          return reply(false, 'error:all-in-one and category topics cannot be mixed in one request');
        }
        for (const t of args) conn.topics.add(t);
        return reply(true, '');
      }
      case 'unsubscribe': {
        const args = Array.isArray(msg['args']) ? msg['args'].map(String) : [];
        for (const t of args) conn.topics.delete(t);
        return reply(true, '');
      }
      default:
        return reply(false, `error:unknown op ${String(op)}`);
    }
  }

  /** Returns the failure message, or undefined when the connection is now authenticated. */
  private authenticate(conn: StreamConnection, args: unknown): string | undefined {
    if (!Array.isArray(args) || args.length !== 3) return 'Params Error';
    const [apiKey, expiresRaw, signature] = args as unknown[];
    const expires = typeof expiresRaw === 'number' ? expiresRaw : typeof expiresRaw === 'string' && /^\d+$/.test(expiresRaw) ? Number(expiresRaw) : NaN;
    if (typeof apiKey !== 'string' || typeof signature !== 'string' || !Number.isFinite(expires)) return 'Params Error';
    if (expires <= this.now()) return 'Params Error';
    const account = this.exchange.accounts.get(apiKey);
    if (!account) return 'Invalid apikey';
    const expected = Buffer.from(wsAuthSignature(account.secret, expiresRaw as string | number));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'Invalid sign';
    conn.account = account;
    return undefined;
  }

  private onExchangeEvent(event: PrivateEvent): void {
    for (const conn of this.connections) {
      if (conn.account?.apiKey !== event.apiKey) continue;
      for (const topic of [event.topic, `${event.topic}.linear`]) {
        if (conn.topics.has(topic)) conn.push({ id: randomUUID(), topic, creationTime: event.creationTime, data: event.data });
      }
    }
  }

  dropAll(): void {
    for (const conn of this.connections) conn.ws.terminate();
  }
}
