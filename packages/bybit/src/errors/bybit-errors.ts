/**
 * The adapter's own error classes. Callers branch on these (or on the predicates below), never
 * on ccxt's classes or on retMsg wording, which Bybit varies; `retCode` is kept when the
 * exchange gave one. Messages and causes are already scrubbed of credentials and signatures.
 */
export const BYBIT_ERROR_KINDS = {
  RateLimited: 'RateLimitedError',
  Auth: 'AuthError',
  TimestampRejected: 'TimestampRejectedError',
  InsufficientFunds: 'InsufficientFundsError',
  InvalidRequest: 'InvalidRequestError',
  InvalidOrder: 'InvalidOrderError',
  DuplicateOrder: 'DuplicateOrderError',
  OrderNotFound: 'OrderNotFoundError',
  ExchangeUnavailable: 'ExchangeUnavailableError',
  LeverageNotModified: 'LeverageNotModifiedError',
  KeyPermission: 'KeyPermissionError',
  Exchange: 'ExchangeError',
} as const;
export type BybitErrorKind = (typeof BYBIT_ERROR_KINDS)[keyof typeof BYBIT_ERROR_KINDS];

export interface BybitErrorOptions {
  readonly retCode?: number;
  readonly cause?: unknown;
}

export abstract class BybitError extends Error {
  abstract override readonly name: BybitErrorKind;
  readonly retCode: number | undefined;
  /**
   * True when the exchange is known not to have acted on the request, so sending it again is
   * safe. Unknown outcomes (timeouts, 5xx) are not retryable for writes: look the order up first.
   */
  abstract readonly retryable: boolean;
  constructor(message: string, options: BybitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retCode = options.retCode;
  }
}

/** 10006, HTTP 403 "access too frequent", ccxt RateLimitExceeded/DDoSProtection. Not executed. */
export class RateLimitedError extends BybitError {
  override readonly name = BYBIT_ERROR_KINDS.RateLimited;
  readonly retryable = true;
}

/** 10003 invalid key, 10004 bad signature, 10005 permission denied, 10010 IP, 33004 expired. */
export class AuthError extends BybitError {
  override readonly name = BYBIT_ERROR_KINDS.Auth;
  readonly retryable = false;
}

/** 10002: the request timestamp fell outside recv_window (clock skew). Not executed. */
export class TimestampRejectedError extends BybitError {
  override readonly name = BYBIT_ERROR_KINDS.TimestampRejected;
  readonly retryable = true;
}

export class InsufficientFundsError extends BybitError {
  override readonly name = BYBIT_ERROR_KINDS.InsufficientFunds;
  readonly retryable = false;
}

/** 10001 params error, 10017 route not found, and other malformed requests. */
export class InvalidRequestError extends BybitError {
  override readonly name = BYBIT_ERROR_KINDS.InvalidRequest;
  readonly retryable = false;
}

export class InvalidOrderError extends BybitError {
  override readonly name = BYBIT_ERROR_KINDS.InvalidOrder;
  readonly retryable = false;
}

/** 110072: an order with this orderLinkId already exists; look it up instead of placing again. */
export class DuplicateOrderError extends BybitError {
  override readonly name = BYBIT_ERROR_KINDS.DuplicateOrder;
  readonly retryable = false;
}

export class OrderNotFoundError extends BybitError {
  override readonly name = BYBIT_ERROR_KINDS.OrderNotFound;
  readonly retryable = false;
}

/**
 * 5xx, 10016, timeouts and network failures. The outcome of the request is unknown: a read can
 * be repeated, a write must be checked (order lookup by orderLinkId) before it is repeated.
 */
export class ExchangeUnavailableError extends BybitError {
  override readonly name = BYBIT_ERROR_KINDS.ExchangeUnavailable;
  readonly retryable = false;
}

/** 110043: the leverage already has the requested value. Callers treat it as success. */
export class LeverageNotModifiedError extends BybitError {
  override readonly name = BYBIT_ERROR_KINDS.LeverageNotModified;
  readonly retryable = false;
}

/** The API key's permissions are unsafe (can withdraw) or insufficient (read-only). */
export class KeyPermissionError extends BybitError {
  override readonly name = BYBIT_ERROR_KINDS.KeyPermission;
  readonly retryable = false;
}

/** Anything the exchange rejected that none of the classes above describes. */
export class ExchangeError extends BybitError {
  override readonly name = BYBIT_ERROR_KINDS.Exchange;
  readonly retryable = false;
}

export const isBybitError = (e: unknown): e is BybitError => e instanceof BybitError;
export const isRateLimitedError = (e: unknown): e is RateLimitedError => e instanceof RateLimitedError;
export const isAuthError = (e: unknown): e is AuthError => e instanceof AuthError;
export const isTimestampRejectedError = (e: unknown): e is TimestampRejectedError => e instanceof TimestampRejectedError;
export const isInsufficientFundsError = (e: unknown): e is InsufficientFundsError => e instanceof InsufficientFundsError;
export const isInvalidRequestError = (e: unknown): e is InvalidRequestError => e instanceof InvalidRequestError;
export const isInvalidOrderError = (e: unknown): e is InvalidOrderError => e instanceof InvalidOrderError;
export const isDuplicateOrderError = (e: unknown): e is DuplicateOrderError => e instanceof DuplicateOrderError;
export const isOrderNotFoundError = (e: unknown): e is OrderNotFoundError => e instanceof OrderNotFoundError;
export const isExchangeUnavailableError = (e: unknown): e is ExchangeUnavailableError => e instanceof ExchangeUnavailableError;
export const isLeverageNotModifiedError = (e: unknown): e is LeverageNotModifiedError => e instanceof LeverageNotModifiedError;
export const isKeyPermissionError = (e: unknown): e is KeyPermissionError => e instanceof KeyPermissionError;
export const isExchangeError = (e: unknown): e is ExchangeError => e instanceof ExchangeError;
