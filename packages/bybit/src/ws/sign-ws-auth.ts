import { createHmac } from 'node:crypto';

/** The private-stream auth frame (BYBIT_V5.md §2.4): hex HMAC-SHA256(secret, "GET/realtime" + expires). */
export function wsAuthFrame(apiKey: string, secret: string, expires: number, reqId?: string): { op: 'auth'; args: [string, number, string]; req_id?: string } {
  const signature = createHmac('sha256', secret).update(`GET/realtime${expires}`).digest('hex');
  const frame: { op: 'auth'; args: [string, number, string]; req_id?: string } = { op: 'auth', args: [apiKey, expires, signature] };
  if (reqId !== undefined) frame.req_id = reqId;
  return frame;
}
