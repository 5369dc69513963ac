/**
 * Bybit business and auth errors. Handlers throw `BybitError`; the HTTP layer turns it into the
 * `{retCode, retMsg, result:{}}` envelope with HTTP 200, as Bybit does (BYBIT_V5.md §3).
 */

export const RetCode = {
  OK: 0,
  PARAMS: 10001,
  TIMESTAMP: 10002,
  API_KEY_INVALID: 10003,
  SIGN: 10004,
  PERMISSION_DENIED: 10005,
  TOO_MANY_VISITS: 10006,
  SERVER_ERROR: 10016,
  ROUTE_NOT_FOUND: 10017,
  ORDER_NOT_EXISTS: 110001,
  AVAILABLE_INSUFFICIENT: 110007,
  REDUCE_ONLY: 110017,
  LEVERAGE_NOT_MODIFIED: 110043,
  MARGIN_INSUFFICIENT: 110044,
  ORDER_LINK_ID_DUPLICATE: 110072,
  NOTIONAL_TOO_LOW: 110094,
  TPSL_NOT_MODIFIED: 34040,
} as const;
export type RetCode = (typeof RetCode)[keyof typeof RetCode];

export class BybitError extends Error {
  override readonly name = 'BybitError';
  constructor(
    readonly retCode: RetCode,
    readonly retMsg: string,
  ) {
    super(`${retCode} ${retMsg}`);
  }
}

export function isBybitError(err: unknown): err is BybitError {
  return err instanceof BybitError;
}

export function paramsError(detail: string): BybitError {
  return new BybitError(RetCode.PARAMS, `params error: ${detail}`);
}
