/**
 * The REST pipeline: faults for the path, route lookup, authentication on the raw bytes,
 * per-UID rate limit, read-only check, parameter parsing, handler, envelope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Account } from '../exchange/account';
import { BybitError, isBybitError, paramsError, RetCode } from '../exchange/bybit-error';
import type { Params } from '../exchange/order-request';
import type { FaultEngine } from '../faults/fault-engine';
import { FaultKind, type FaultRule } from '../faults/fault-rule';
import { errorEnvelope, okEnvelope, sendJson } from './envelope';
import { limitHeaders, RateLimiter } from './rate-limit';
import type { Route, SimContext } from './route';
import { authenticateRest } from './signature';

export interface RestHandlerOptions {
  readonly routes: readonly Route[];
  readonly ctx: SimContext;
  readonly faults: FaultEngine;
  readonly recvWindowDefault: number;
  readonly logger: Logger;
}

const GATEWAY_BODY: Record<number, string> = {
  502: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
  503: '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>',
  504: '<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center></body></html>',
};

export class RestHandler {
  private readonly routes = new Map<string, Route>();
  private readonly limiter = new RateLimiter();
  /** Requests held by a timeout fault; destroyed on close. */
  private readonly held = new Set<ServerResponse>();

  constructor(private readonly options: RestHandlerOptions) {
    for (const r of options.routes) {
      this.routes.set(`${r.method} ${r.path}`, r);
    }
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string, body: Buffer): Promise<void> {
    const { ctx, logger } = this.options;
    const faults = this.options.faults.forRequest(path);
    for (const f of faults) if (f.kind === FaultKind.LATENCY) await sleep(f.ms ?? 0);
    const timeout = faults.find((f) => f.kind === FaultKind.TIMEOUT);
    if (timeout) return this.hold(res, timeout);
    const httpError = faults.find((f) => f.kind === FaultKind.HTTP_ERROR);
    if (httpError) {
      const status = httpError.status ?? 503;
      const text = GATEWAY_BODY[status] ?? `<html><body><h1>${status}</h1></body></html>`;
      res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    if (faults.some((f) => f.kind === FaultKind.RATE_LIMIT)) {
      const now = ctx.now();
      sendJson(res, 200, errorEnvelope(RetCode.TOO_MANY_VISITS, 'Too many visits!', now), {
        'X-Bapi-Limit': '10', 'X-Bapi-Limit-Status': '0', 'X-Bapi-Limit-Reset-Timestamp': String(Math.floor(now / 1000) * 1000 + 1000),
      });
      return;
    }

    const route = this.routes.get(`${req.method ?? ''} ${path}`);
    if (!route) {
      sendJson(res, 200, errorEnvelope(RetCode.ROUTE_NOT_FOUND, 'Route not found', ctx.now()));
      return;
    }
    let headers: Record<string, string> = {};
    try {
      let account: Account | undefined;
      if (route.signed) {
        account = authenticateRest({
          headers: req.headers, signedPart: route.method === 'GET' ? Buffer.from(rawQuery, 'utf8') : body,
          accounts: ctx.exchange.accounts, serverTime: ctx.now(), recvWindowDefault: this.options.recvWindowDefault,
        });
        const limit = this.limiter.take(`${account.uid} ${route.path}`, route.limit, ctx.now());
        headers = limitHeaders(limit);
        if (!limit.allowed) throw new BybitError(RetCode.TOO_MANY_VISITS, 'Too many visits!');
        if (route.write && account.readOnly) throw new BybitError(RetCode.PERMISSION_DENIED, 'Permission denied, please check your API key permissions.');
      }
      const params = route.method === 'GET' ? queryParams(rawQuery) : bodyParams(body);
      const result = route.signed ? route.handle(params, ctx, account!) : route.handle(params, ctx);
      sendJson(res, 200, okEnvelope(result, ctx.now()), headers);
    } catch (err) {
      if (isBybitError(err)) {
        sendJson(res, 200, errorEnvelope(err.retCode, err.retMsg, ctx.now()), headers);
        return;
      }
      logger.error({ err, path }, 'simulator handler failed');
      sendJson(res, 200, errorEnvelope(RetCode.SERVER_ERROR, 'Server error.', ctx.now()), headers);
    }
  }

  private hold(res: ServerResponse, fault: FaultRule): void {
    this.held.add(res);
    res.on('close', () => this.held.delete(res));
    if (fault.ms !== undefined) {
      setTimeout(() => {
        this.held.delete(res);
        res.destroy();
      }, fault.ms).unref();
    }
  }

  /** Destroys requests held by timeout faults. */
  releaseHeld(): void {
    for (const res of this.held) res.destroy();
    this.held.clear();
  }
}

function queryParams(rawQuery: string): Params {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) out[k] = v;
  return out;
}

function bodyParams(body: Buffer): Params {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw paramsError('request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw paramsError('request body must be a JSON object');
  return parsed as Params;
}
