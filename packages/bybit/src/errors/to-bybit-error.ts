import {
  AuthError,
  BybitError,
  DuplicateOrderError,
  ExchangeError,
  ExchangeUnavailableError,
  InsufficientFundsError,
  InvalidOrderError,
  InvalidRequestError,
  LeverageNotModifiedError,
  OrderNotFoundError,
  RateLimitedError,
  TimestampRejectedError,
} from './bybit-errors';
import type { Scrubber } from './scrub-secrets';
import { ccxtErrors as ccxt } from '../rest/ccxt-bybit-module';

type ErrorClass = new (message: string, options?: { retCode?: number; cause?: unknown }) => BybitError;

/** Bybit retCodes (BYBIT_V5.md §3.3) and the error each becomes. Matched before ccxt's class. */
export const RET_CODE_ERRORS: Readonly<Record<number, ErrorClass>> = {
  10001: InvalidRequestError,
  10002: TimestampRejectedError,
  10003: AuthError,
  10004: AuthError,
  10005: AuthError,
  10006: RateLimitedError,
  10010: AuthError,
  10016: ExchangeUnavailableError,
  10017: InvalidRequestError,
  33004: AuthError,
  // trading-stop with the levels already set; setTradingStop treats it as success.
  34040: InvalidRequestError,
  110001: OrderNotFoundError,
  110003: InvalidOrderError,
  110004: InsufficientFundsError,
  110007: InsufficientFundsError,
  110008: InvalidOrderError,
  110012: InsufficientFundsError,
  110017: InvalidOrderError,
  110043: LeverageNotModifiedError,
  110044: InsufficientFundsError,
  110045: InsufficientFundsError,
  110072: DuplicateOrderError,
  110094: InvalidOrderError,
};

// Most specific first: ccxt's classes inherit (OrderNotFound is an InvalidOrder, InvalidNonce
// and RateLimitExceeded are NetworkErrors).
const CCXT_CLASS_ERRORS: readonly (readonly [abstract new (...args: never[]) => Error, ErrorClass])[] = [
  [ccxt.InvalidNonce, TimestampRejectedError],
  [ccxt.RateLimitExceeded, RateLimitedError],
  [ccxt.DDoSProtection, RateLimitedError],
  [ccxt.RequestTimeout, ExchangeUnavailableError],
  [ccxt.ExchangeNotAvailable, ExchangeUnavailableError],
  [ccxt.NetworkError, ExchangeUnavailableError],
  [ccxt.AuthenticationError, AuthError],
  [ccxt.InsufficientFunds, InsufficientFundsError],
  [ccxt.OrderNotFound, OrderNotFoundError],
  [ccxt.DuplicateOrderId, DuplicateOrderError],
  [ccxt.InvalidOrder, InvalidOrderError],
  [ccxt.BadRequest, InvalidRequestError],
  [ccxt.ArgumentsRequired, InvalidRequestError],
  [ccxt.BadResponse, ExchangeUnavailableError],
];

/** ccxt puts the raw response body after the exchange id: `bybit {"retCode":10006,…}`. */
export function extractRetCode(message: string): number | undefined {
  const match = /"ret_?[cC]ode"\s*:\s*"?(-?\d+)/.exec(message);
  if (match?.[1] === undefined) return undefined;
  const code = Number(match[1]);
  return Number.isSafeInteger(code) && code !== 0 ? code : undefined;
}

/** A copy of an error that keeps its class name but none of its secrets. */
function scrubbedCopy(error: unknown, scrub: Scrubber): Error {
  if (!(error instanceof Error)) return new Error(scrub(String(error)));
  const copy = new Error(scrub(error.message));
  copy.name = error.name;
  copy.stack = error.stack === undefined ? undefined : scrub(error.stack);
  return copy;
}

/**
 * Turns anything a ccxt call threw into one of our error classes. The original error is not
 * kept as the cause (its message or stack may hold request details); a scrubbed copy is.
 */
export function toBybitError(error: unknown, scrub: Scrubber, context?: string): BybitError {
  if (error instanceof BybitError) return error;
  const cause = scrubbedCopy(error, scrub);
  const message = context === undefined ? cause.message : `${context}: ${cause.message}`;
  const retCode = extractRetCode(cause.message);
  const byCode = retCode === undefined ? undefined : RET_CODE_ERRORS[retCode];
  if (byCode !== undefined) return new byCode(message, { retCode, cause });
  for (const [ccxtClass, ours] of CCXT_CLASS_ERRORS) {
    if (error instanceof ccxtClass) return new ours(message, { retCode, cause });
  }
  return new ExchangeError(message, { retCode, cause });
}
