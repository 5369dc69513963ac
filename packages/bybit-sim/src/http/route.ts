/** What a REST route is, and what its handler can reach. */
import type { Account } from '../exchange/account';
import { paramsError } from '../exchange/bybit-error';
import type { Exchange } from '../exchange/exchange';
import type { Params } from '../exchange/order-request';
import type { Instrument } from '../instruments';
import type { Market } from '../market/market';

export interface SimContext {
  readonly exchange: Exchange;
  readonly market: Market;
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly takerFee: number;
  readonly makerFee: number;
  readonly fundingRate: number;
  /** Wall clock (server time for auth and the envelope). */
  readonly now: () => number;
}

export interface PublicRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly signed: false;
  handle(params: Params, ctx: SimContext): unknown;
}

export interface SignedRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly signed: true;
  /** Per-UID requests per second (BYBIT_V5.md §3.2). */
  readonly limit: number;
  /** Changes state: refused for read-only keys. */
  readonly write: boolean;
  handle(params: Params, ctx: SimContext, account: Account): unknown;
}

export type Route = PublicRoute | SignedRoute;

/** Bybit-style cursor paging over an already filtered, newest-first list. */
export function page<T>(items: readonly T[], params: Params, defaultLimit: number, maxLimit: number): { list: T[]; nextPageCursor: string } {
  const rawLimit = params['limit'];
  const limit = rawLimit === undefined || rawLimit === '' ? defaultLimit : Math.min(maxLimit, Math.max(1, Math.floor(Number(rawLimit)) || defaultLimit));
  const cursor = params['cursor'];
  const offset = typeof cursor === 'string' && /^offset:\d+$/.test(cursor) ? Number(cursor.slice(7)) : 0;
  const list = items.slice(offset, offset + limit);
  return { list, nextPageCursor: offset + limit < items.length ? `offset:${offset + limit}` : '' };
}

/** An optional ms timestamp parameter. */
export function msParam(params: Params, name: string): number | undefined {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v)) throw paramsError(`${name} must be a number of milliseconds`);
  return v;
}
