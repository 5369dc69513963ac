/** The V5 response envelope: every answer, success or failure, is `{retCode, retMsg, result, retExtInfo, time}`. */
import type { ServerResponse } from 'node:http';

export interface Envelope {
  retCode: number;
  retMsg: string;
  result: unknown;
  retExtInfo: Record<string, never>;
  time: number;
}

export function okEnvelope(result: unknown, time: number): Envelope {
  return { retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time };
}

export function errorEnvelope(retCode: number, retMsg: string, time: number): Envelope {
  return { retCode, retMsg, result: {}, retExtInfo: {}, time };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
