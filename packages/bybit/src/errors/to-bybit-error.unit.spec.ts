import {
  AuthError,
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
  isDuplicateOrderError,
  isRateLimitedError,
} from './bybit-errors';
import { CcxtBybitClass, ccxtErrors as ccxt } from '../rest/ccxt-bybit-module';
import { createScrubber } from './scrub-secrets';
import { extractRetCode, toBybitError } from './to-bybit-error';

const SECRET = 'sEcReTsEcReTsEcReTsEcReT0123456789';
const API_KEY = 'kEyKeYkEyKeY0123';
const scrub = createScrubber([SECRET, API_KEY]);

/** What ccxt itself throws for a Bybit error body, through its real handleErrors. */
function ccxtErrorFor(retCode: number, retMsg: string, path = 'v5/order/create'): unknown {
  const exchange = new CcxtBybitClass({});
  const body = JSON.stringify({ retCode, retMsg, result: {}, retExtInfo: {}, time: 1_700_000_000_000 });
  try {
    exchange.handleErrors(200, 'OK', `https://api.bybit.com/${path}`, 'POST', {}, body, JSON.parse(body), {}, '');
  } catch (error) {
    return error;
  }
  throw new Error(`ccxt did not throw for ${retCode}`);
}

describe('retCode mapping (BYBIT_V5.md §3.3), through ccxt handleErrors', () => {
  it.each([
    [10001, 'params error: Qty invalid', InvalidRequestError],
    [10002, 'invalid request, please check your server timestamp or recv_window param', TimestampRejectedError],
    [10003, 'API key is invalid.', AuthError],
    [10004, 'error sign! origin_string[1700000000000kEyKeYkEyKeY01235000{}]', AuthError],
    [10005, 'Permission denied, please check your API key permissions.', AuthError],
    [10006, 'Too many visits!', RateLimitedError],
    [10010, 'Unmatched IP, please check your API key\'s bound IP addresses.', AuthError],
    [10016, 'Server error.', ExchangeUnavailableError],
    [10016, 'Request timeout, please try again later', ExchangeUnavailableError],
    [10017, 'Route not found', InvalidRequestError],
    [33004, 'Your api key has expired.', AuthError],
    [110001, 'order not exists or too late to cancel', OrderNotFoundError],
    [110003, 'Order price is out of permissible range', InvalidOrderError],
    [110004, 'Wallet balance is insufficient', InsufficientFundsError],
    [110007, 'ab not enough for new order', InsufficientFundsError],
    [110008, 'The order has been completed or cancelled.', InvalidOrderError],
    [110012, 'Insufficient available balance.', InsufficientFundsError],
    [110017, 'current position is zero, cannot fix reduce-only order qty', InvalidOrderError],
    [110043, 'Set leverage has not been modified.', LeverageNotModifiedError],
    [110044, 'Available margin is insufficient.', InsufficientFundsError],
    [110045, 'Wallet balance is insufficient.', InsufficientFundsError],
    [110072, 'OrderLinkedID is duplicate', DuplicateOrderError],
    [110094, 'Order notional value below the lower limit', InvalidOrderError],
    [170999, 'something new', ExchangeError],
  ] as const)('%i "%s" becomes %p', (retCode, retMsg, expected) => {
    const mapped = toBybitError(ccxtErrorFor(retCode, retMsg), scrub, 'op');
    expect(mapped).toBeInstanceOf(expected);
    expect(mapped.name).toBe(expected.name);
    expect(mapped.retCode).toBe(retCode);
    expect(mapped.message.startsWith('op: ')).toBe(true);
  });

  it('only what was certainly not executed is marked retryable', () => {
    expect(toBybitError(ccxtErrorFor(10006, 'Too many visits!'), scrub).retryable).toBe(true);
    expect(toBybitError(ccxtErrorFor(10002, 'invalid request'), scrub).retryable).toBe(true);
    expect(toBybitError(ccxtErrorFor(10016, 'Server error.'), scrub).retryable).toBe(false);
    expect(toBybitError(ccxtErrorFor(110072, 'OrderLinkedID is duplicate'), scrub).retryable).toBe(false);
  });

  it('predicates agree with the classes', () => {
    const dup = toBybitError(ccxtErrorFor(110072, 'OrderLinkedID is duplicate'), scrub);
    expect(isDuplicateOrderError(dup)).toBe(true);
    expect(isRateLimitedError(dup)).toBe(false);
  });
});

describe('ccxt classes without a retCode', () => {
  it.each([
    [new ccxt.RequestTimeout('bybit POST http://x/v5/order/create request timed out (10000 ms)'), ExchangeUnavailableError],
    [new ccxt.ExchangeNotAvailable('bybit POST http://x 502 Bad Gateway <html>'), ExchangeUnavailableError],
    [new ccxt.NetworkError('bybit GET http://x fetch failed: ECONNRESET'), ExchangeUnavailableError],
    [new ccxt.DDoSProtection('bybit GET http://x 403 access too frequent'), RateLimitedError],
    [new ccxt.RateLimitExceeded('bybit rate limit'), RateLimitedError],
    [new ccxt.InvalidNonce('bybit nonce'), TimestampRejectedError],
    [new ccxt.AuthenticationError('bybit requires "apiKey" credential'), AuthError],
    [new ccxt.PermissionDenied('bybit denied'), AuthError],
    [new ccxt.InsufficientFunds('bybit funds'), InsufficientFundsError],
    [new ccxt.OrderNotFound('bybit order'), OrderNotFoundError],
    [new ccxt.DuplicateOrderId('bybit dup'), DuplicateOrderError],
    [new ccxt.InvalidOrder('bybit invalid'), InvalidOrderError],
    [new ccxt.BadSymbol('bybit does not have market symbol X'), InvalidRequestError],
    [new ccxt.ExchangeError('bybit something'), ExchangeError],
    [new TypeError('not ccxt at all'), ExchangeError],
  ])('%p', (error, expected) => {
    const mapped = toBybitError(error, scrub);
    expect(mapped).toBeInstanceOf(expected);
    expect(mapped.retCode).toBeUndefined();
  });

  it('HTTP 5xx from ccxt handleHttpStatusCode is ExchangeUnavailable', () => {
    const exchange = new CcxtBybitClass({});
    let thrown: unknown;
    try {
      exchange.handleHttpStatusCode(503, 'Service Unavailable', 'https://api.bybit.com/v5/order/create', 'POST', '<html>down</html>');
    } catch (error) {
      thrown = error;
    }
    expect(toBybitError(thrown, scrub)).toBeInstanceOf(ExchangeUnavailableError);
  });
});

describe('secrets in errors', () => {
  it('are scrubbed from the message, the stack and the cause', () => {
    const signature = 'a'.repeat(64);
    const raw = new ccxt.AuthenticationError(`bybit {"retCode":10004,"retMsg":"error sign! origin_string[1700000000000${API_KEY}5000{}] secret=${SECRET} X-BAPI-SIGN: ${signature}"}`);
    const mapped = toBybitError(raw, scrub);
    const everything = [mapped.message, mapped.stack, String(mapped.cause), (mapped.cause as Error).stack, JSON.stringify(mapped)].join('\n');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain(signature);
    expect(mapped.retCode).toBe(10004);
    expect(mapped.cause).not.toBe(raw);
  });

  it('extractRetCode reads ccxt messages and ignores 0 and garbage', () => {
    expect(extractRetCode('bybit {"retCode":10006,"retMsg":"Too many visits!"}')).toBe(10006);
    expect(extractRetCode('bybit {"ret_code":"110001"}')).toBe(110001);
    expect(extractRetCode('bybit {"retCode":0}')).toBeUndefined();
    expect(extractRetCode('no code here')).toBeUndefined();
  });
});
