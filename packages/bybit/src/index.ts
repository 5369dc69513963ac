export { startBybitAdapter } from './bybit-adapter';
export type { BybitAdapter, StartBybitOptions } from './bybit-adapter';

export { bybitConfigSchema, parseBybitConfig } from './config/bybit-config';
export type { BybitConfig, BybitConfigInput, BybitCredentials } from './config/bybit-config';
export { loadBybitConfig } from './config/load-bybit-config';
export type { Env, ReadTextFile } from './config/load-bybit-config';
export { BYBIT_ENDPOINTS, BYBIT_ENVIRONMENTS } from './config/endpoints';
export type { BybitEndpoints, BybitEnvironment } from './config/endpoints';
export { RedactedSecret } from './config/redacted-secret';

export {
  BYBIT_ERROR_KINDS,
  BybitError,
  RateLimitedError,
  AuthError,
  TimestampRejectedError,
  InsufficientFundsError,
  InvalidRequestError,
  InvalidOrderError,
  DuplicateOrderError,
  OrderNotFoundError,
  ExchangeUnavailableError,
  LeverageNotModifiedError,
  KeyPermissionError,
  ExchangeError,
  isBybitError,
  isRateLimitedError,
  isAuthError,
  isTimestampRejectedError,
  isInsufficientFundsError,
  isInvalidRequestError,
  isInvalidOrderError,
  isDuplicateOrderError,
  isOrderNotFoundError,
  isExchangeUnavailableError,
  isLeverageNotModifiedError,
  isKeyPermissionError,
  isExchangeError,
} from './errors/bybit-errors';
export type { BybitErrorKind } from './errors/bybit-errors';
export { toBybitError, RET_CODE_ERRORS } from './errors/to-bybit-error';
export { createScrubber } from './errors/scrub-secrets';
export type { Scrubber } from './errors/scrub-secrets';
export { BYBIT_REDACT_PATHS } from './logging/bybit-logger';

export { createBybitRest } from './rest/bybit-rest';
export type { BybitRest, BybitRestDeps } from './rest/bybit-rest';
export { ORDER_SIDES } from './rest/rest-types';
export type {
  OrderSide,
  Instrument,
  WalletBalance,
  Position,
  PlaceMarketOrderRequest,
  PlacedOrder,
  ExchangeOrder,
  Execution,
  ExecutionQuery,
  TradingStop,
  KeyPermissions,
} from './rest/rest-types';
export { DEFAULT_BACKOFF, backoffDelayMs } from './rest/backoff';
export type { BackoffPolicy } from './rest/backoff';

export { ONE_MINUTE_MS } from './candles/closed-candle';
export type { ClosedCandle } from './candles/closed-candle';
export { addCandles, emptySequence, holeOf, skipHole } from './candles/candle-sequencer';
export type { CandleSequence, CandleGap, SequenceStep } from './candles/candle-sequencer';

export { createPublicStream } from './ws/public-stream';
export type { PublicStream, PublicStreamEvents, PublicStreamOptions, PublicStreamStats, Ticker } from './ws/public-stream';
export { createPrivateStream } from './ws/private-stream';
export type { PrivateStream, PrivateStreamEvents, PrivateStreamOptions, PrivateStreamStats } from './ws/private-stream';
export type { OrderUpdate, ExecutionUpdate, PositionUpdate, WalletUpdate } from './ws/frames';
export type { Subscribable } from './ws/typed-emitter';
