/**
 * One WebSocket client connection. Control frames (acks, pongs) go out as they are; pushes go
 * through the fault rules, which may delay, duplicate, hold back, corrupt or drop them.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Account } from '../exchange/account';
import type { FaultEngine } from '../faults/fault-engine';
import { FaultKind, type WsChannel } from '../faults/fault-rule';

export interface PushFrame {
  readonly topic: string;
  readonly data: unknown;
  readonly [key: string]: unknown;
}

const DEFAULT_REORDER_HOLD_MS = 1000;

export class StreamConnection {
  readonly connId = randomUUID();
  readonly topics = new Set<string>();
  account: Account | undefined;
  private held: { texts: string[]; timer: NodeJS.Timeout } | undefined;

  constructor(
    readonly ws: WebSocket,
    readonly channel: WsChannel,
    private readonly faults: FaultEngine,
  ) {
    ws.on('close', () => this.dropHeld());
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  sendControl(message: Record<string, unknown>): void {
    this.sendText(JSON.stringify(message));
  }

  push(frame: PushFrame): void {
    if (!this.open) return;
    const faults = this.faults.forPush(this.channel, frame.topic);
    if (faults.some((f) => f.kind === FaultKind.DROP_CONNECTION)) {
      this.ws.terminate();
      return;
    }
    const malformed = faults.find((f) => f.kind === FaultKind.MALFORMED_FRAME);
    let text = JSON.stringify(frame);
    if (malformed) {
      text = malformed.malformed === 'wrongShape'
        ? JSON.stringify({ ...frame, data: Array.isArray(frame.data) ? { corrupted: true } : [{ corrupted: true }] })
        : text.slice(0, -1);
    }
    const texts = faults.some((f) => f.kind === FaultKind.DUPLICATE_PUSH) ? [text, text] : [text];
    const reorder = faults.find((f) => f.kind === FaultKind.REORDER_PUSH);
    const latency = faults.find((f) => f.kind === FaultKind.LATENCY);
    if (reorder && !this.held) {
      const timer = setTimeout(() => this.flushHeld(), reorder.ms ?? DEFAULT_REORDER_HOLD_MS);
      timer.unref();
      this.held = { texts, timer };
      return;
    }
    const deliver = (): void => {
      for (const t of texts) this.sendText(t);
      this.flushHeld();
    };
    if (latency) setTimeout(deliver, latency.ms ?? 0).unref();
    else deliver();
  }

  private sendText(text: string): void {
    if (this.open) this.ws.send(text);
  }

  private flushHeld(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    clearTimeout(held.timer);
    for (const t of held.texts) this.sendText(t);
  }

  private dropHeld(): void {
    if (this.held) clearTimeout(this.held.timer);
    this.held = undefined;
  }
}

/** Parses a client frame; undefined when it is not a JSON object. */
export function parseClientFrame(data: WebSocket.RawData): Record<string, unknown> | undefined {
  try {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8');
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `req_id` is echoed when the client sent one. */
export function reqIdOf(msg: Record<string, unknown>): { req_id?: string } {
  return msg['req_id'] === undefined ? {} : { req_id: String(msg['req_id']) };
}
