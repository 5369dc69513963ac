/**
 * Bybit V5 request authentication (BYBIT_V5.md §2). The signature is checked on the exact
 * bytes received (the raw query string after `?`, or the raw body), never on a re-serialized
 * form, so any client-side encoding mistake shows up here as it would on Bybit.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Account } from '../exchange/account';
import { BybitError, RetCode } from '../exchange/bybit-error';

export function hmacSha256Hex(secret: string, payload: string | Buffer): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export interface RestAuthInput {
  readonly headers: IncomingHttpHeaders;
  /** GET: the raw query string after `?`; POST: the raw body. */
  readonly signedPart: Buffer;
  readonly accounts: ReadonlyMap<string, Account>;
  readonly serverTime: number;
  readonly recvWindowDefault: number;
}

export function authenticateRest(input: RestAuthInput): Account {
  const apiKey = header(input.headers, 'x-bapi-api-key');
  const account = apiKey === undefined ? undefined : input.accounts.get(apiKey);
  if (!account || apiKey === undefined) throw new BybitError(RetCode.API_KEY_INVALID, 'API key is invalid.');

  const timestampRaw = header(input.headers, 'x-bapi-timestamp') ?? '';
  const recvRaw = header(input.headers, 'x-bapi-recv-window');
  const timestamp = Number(timestampRaw);
  const recvWindow = recvRaw === undefined ? input.recvWindowDefault : Number(recvRaw);
  const now = input.serverTime;
  if (timestampRaw === '' || !Number.isFinite(timestamp) || !Number.isFinite(recvWindow)
    || !(now - recvWindow <= timestamp && timestamp < now + 1000)) {
    throw new BybitError(RetCode.TIMESTAMP,
      `invalid request, please check your server timestamp or recv_window param. req_timestamp[${timestampRaw}],server_timestamp[${now}],recv_window[${recvRaw ?? input.recvWindowDefault}]`);
  }

  const prefix = `${timestampRaw}${apiKey}${recvRaw ?? ''}`;
  const payload = Buffer.concat([Buffer.from(prefix, 'utf8'), input.signedPart]);
  const expected = Buffer.from(hmacSha256Hex(account.secret, payload), 'utf8');
  const given = Buffer.from(header(input.headers, 'x-bapi-sign') ?? '', 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new BybitError(RetCode.SIGN, `error sign! origin_string[${payload.toString('utf8')}]`);
  }
  return account;
}

/** The private WS auth signature: hex HMAC-SHA256(secret, "GET/realtime" + expires). */
export function wsAuthSignature(secret: string, expires: string | number): string {
  return hmacSha256Hex(secret, `GET/realtime${expires}`);
}
