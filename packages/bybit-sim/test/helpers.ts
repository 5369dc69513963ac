/**
 * Test helpers that talk to the simulator the way a client does: plain fetch with our own
 * HMAC signing (independent of the simulator's code), and a small ws client that records frames.
 */
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import type { CandleRow } from '../src/index';

export interface Creds {
  apiKey: string;
  secret: string;
}

export interface Envelope<R = Record<string, unknown>> {
  retCode: number;
  retMsg: string;
  result: R;
  retExtInfo: Record<string, unknown>;
  time: number;
}

export interface HttpAnswer<R = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: Envelope<R>;
}

export function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

export interface SignOptions {
  timestamp?: number;
  recvWindow?: string | null;
  /** Replace the signature sent. */
  sign?: string;
  /** Send these bytes instead of the signed ones (to tamper after signing). */
  sendInstead?: string;
}

function authHeaders(creds: Creds, signedPart: string, opts: SignOptions): Record<string, string> {
  const ts = String(opts.timestamp ?? Date.now());
  const recv = opts.recvWindow === undefined ? '5000' : opts.recvWindow;
  const headers: Record<string, string> = {
    'X-BAPI-API-KEY': creds.apiKey,
    'X-BAPI-TIMESTAMP': ts,
    'X-BAPI-SIGN': opts.sign ?? hmacHex(creds.secret, ts + creds.apiKey + (recv ?? '') + signedPart),
    'Content-Type': 'application/json',
  };
  if (recv !== null) headers['X-BAPI-RECV-WINDOW'] = recv;
  return headers;
}

async function answer<R>(res: Response): Promise<HttpAnswer<R>> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as Envelope<R> };
}

export async function signedGet<R = Record<string, unknown>>(base: string, creds: Creds, path: string, query: string, opts: SignOptions = {}): Promise<HttpAnswer<R>> {
  const headers = authHeaders(creds, query, opts);
  const sent = opts.sendInstead ?? query;
  return answer<R>(await fetch(`${base}${path}${sent === '' ? '' : `?${sent}`}`, { headers }));
}

export async function signedPost<R = Record<string, unknown>>(base: string, creds: Creds, path: string, body: unknown, opts: SignOptions = {}): Promise<HttpAnswer<R>> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers = authHeaders(creds, raw, opts);
  return answer<R>(await fetch(`${base}${path}`, { method: 'POST', headers, body: opts.sendInstead ?? raw }));
}

export async function publicGet<R = Record<string, unknown>>(base: string, path: string, query = ''): Promise<HttpAnswer<R>> {
  return answer<R>(await fetch(`${base}${path}${query === '' ? '' : `?${query}`}`));
}

export type Frame = Record<string, unknown>;

/** A ws client that keeps every frame (parsed when it is JSON, raw text otherwise). */
export class WsClient {
  readonly frames: (Frame | string)[] = [];
  private waiters: (() => void)[] = [];
  closeCode: number | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      try {
        this.frames.push(JSON.parse(text) as Frame);
      } catch {
        this.frames.push(text);
      }
      this.notify();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.notify();
    });
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  static connect(url: string): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new WsClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Waits until `predicate` holds over the frames received so far. */
  async until<T>(predicate: (frames: (Frame | string)[]) => T | undefined | false, timeoutMs = 2000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate(this.frames);
      if (value !== undefined && value !== false) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; frames so far: ${JSON.stringify(this.frames).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The first JSON frame matching `match`, waiting for it. */
  next(match: (f: Frame) => boolean, timeoutMs = 2000): Promise<Frame> {
    return this.until((frames) => frames.find((f): f is Frame => typeof f === 'object' && match(f)), timeoutMs);
  }

  pushes(topic: string): Frame[] {
    return this.frames.filter((f): f is Frame => typeof f === 'object' && f['topic'] === topic);
  }

  async closed(timeoutMs = 2000): Promise<number> {
    return this.until(() => this.closeCode, timeoutMs);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Lets pending socket writes arrive before asserting that something was not sent. */
export function settle(ms = 50): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export const T0 = Date.UTC(2024, 0, 1);

/** Candles from [open, high, low, close, volume] rows, one minute apart from `start`. */
export function candles(start: number, rows: [number, number, number, number, number][]): CandleRow[] {
  return rows.map(([open, high, low, close, volume], i) => ({ ts: start + i * 60_000, open, high, low, close, volume }));
}

export async function authPrivate(client: WsClient, creds: Creds, topics = ['order', 'execution', 'position', 'wallet']): Promise<void> {
  const expires = Date.now() + 10_000;
  client.send({ op: 'auth', args: [creds.apiKey, expires, hmacHex(creds.secret, `GET/realtime${expires}`)] });
  const auth = await client.next((f) => f['op'] === 'auth');
  if (auth['success'] !== true) throw new Error(`auth failed: ${JSON.stringify(auth)}`);
  client.send({ op: 'subscribe', args: topics });
  const ack = await client.next((f) => f['op'] === 'subscribe');
  if (ack['success'] !== true) throw new Error(`subscribe failed: ${JSON.stringify(ack)}`);
}
