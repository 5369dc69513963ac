import type { Logger } from 'pino';
import type { z } from 'zod';
import { fetchCandleRange, lastClosedCandleTs } from '../candles/paginate-candles';
import type { ClosedCandle } from '../candles/closed-candle';
import type { BybitConfig } from '../config/bybit-config';
import {
  ExchangeError,
  InvalidRequestError,
  isBybitError,
  isDuplicateOrderError,
  isExchangeUnavailableError,
  isLeverageNotModifiedError,
  isRateLimitedError,
  isTimestampRejectedError,
} from '../errors/bybit-errors';
import type { BybitError } from '../errors/bybit-errors';
import { createScrubber } from '../errors/scrub-secrets';
import type { Scrubber } from '../errors/scrub-secrets';
import { toBybitError } from '../errors/to-bybit-error';
import { childLogger } from '../logging/bybit-logger';
import { DEFAULT_BACKOFF, backoffDelayMs, withRetry } from './backoff';
import type { BackoffPolicy } from './backoff';
import { createCcxtBybit } from './create-ccxt-bybit';
import type { CcxtBybit } from './create-ccxt-bybit';
import { assertSafeKeyPermissions, describeKeyPermissions } from './key-permissions';
import { toExchangeOrder, toExecution, toInstrument, toPosition, toWalletBalance } from './map-responses';
import { createRateLimitGuard } from './rate-limit-guard';
import {
  apiKeyInfoSchema,
  createOrderResultSchema,
  executionSchema,
  listResult,
  orderSchema,
  positionSchema,
  serverTimeSchema,
  walletSchema,
} from './response-schemas';
import type {
  ExchangeOrder,
  Execution,
  ExecutionQuery,
  Instrument,
  KeyPermissions,
  PlaceMarketOrderRequest,
  PlacedOrder,
  Position,
  TradingStop,
  WalletBalance,
} from './rest-types';

/** The Bybit V5 REST operations MAST uses (USDT linear perpetuals, one-way mode). */
export interface BybitRest {
  /** GET /v5/user/query-api; throws KeyPermissionError for a key that can withdraw, or cannot trade when `requireTrading`. */
  verifyKeyPermissions(options?: { requireTrading?: boolean }): Promise<KeyPermissions>;
  /** Instrument filters by symbol (BTCUSDT …); loaded once, `reload` to refresh. */
  loadInstruments(reload?: boolean): Promise<ReadonlyMap<string, Instrument>>;
  fetchServerTime(): Promise<number>;
  /**
   * Closed 1-minute candles with open time in [sinceTs, untilTs] (untilTs defaults to the newest
   * closed one), ascending; the still-forming candle is never included.
   */
  fetchClosedCandles(symbol: string, sinceTs: number, untilTs?: number): Promise<ClosedCandle[]>;
  fetchBalance(): Promise<WalletBalance>;
  /** One symbol (a flat position comes back with size 0), or every open position. */
  fetchPositions(symbol?: string): Promise<Position[]>;
  /** Tolerates 110043 (already at that leverage): `changed` is false then. */
  setLeverage(symbol: string, leverage: number): Promise<{ changed: boolean }>;
  /**
   * Idempotent by orderLinkId: a duplicate (110072) or an unknown outcome (timeout, 5xx) is
   * resolved by looking the order up, never by blindly placing it again.
   */
  placeMarketOrder(request: PlaceMarketOrderRequest): Promise<PlacedOrder>;
  /** POST /v5/position/trading-stop, Full mode; 0 removes a level. 34040 (already so) gives `changed: false`. */
  setTradingStop(symbol: string, stop: TradingStop): Promise<{ changed: boolean }>;
  cancelOrder(symbol: string, id: { orderId: string } | { orderLinkId: string }): Promise<void>;
  /** GET /v5/order/realtime?orderLinkId=… (open orders and the recent closed ones). */
  fetchOrderByLinkId(symbol: string, orderLinkId: string): Promise<ExchangeOrder | undefined>;
  fetchExecutions(query: ExecutionQuery): Promise<Execution[]>;
}

export interface BybitRestDeps {
  readonly logger: Logger;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** [0, 1), for backoff jitter. */
  readonly random?: () => number;
  readonly backoff?: BackoffPolicy;
  /** Wait for the window reset when an endpoint has this many calls left or fewer. */
  readonly rateLimitMinRemaining?: number;
  readonly rateLimitMaxWaitMs?: number;
}

const ORDER_LINK_ID = /^[A-Za-z0-9_-]{1,36}$/;
const CATEGORY = 'linear';
/** trading-stop answer when the levels are already what was asked. */
const TPSL_NOT_MODIFIED = 34040;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createBybitRest(config: BybitConfig, deps: BybitRestDeps): BybitRest {
  const log = childLogger(deps.logger, 'bybit-rest');
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const scrub: Scrubber = createScrubber([config.credentials?.apiSecret.reveal(), config.credentials?.apiKey]);
  const guard = createRateLimitGuard({
    minRemaining: deps.rateLimitMinRemaining ?? 1,
    maxWaitMs: deps.rateLimitMaxWaitMs ?? 5_000,
    now,
    sleep,
  });
  const exchange: CcxtBybit = createCcxtBybit(config, (path, headers) => guard.observe(path, headers));

  let instruments: Promise<Map<string, Instrument>> | undefined;
  const ccxtSymbols = new Map<string, string>();

  /**
   * Every exchange call goes through here: wait for the endpoint's limit window, map errors to
   * ours, retry what was certainly not executed (10006, 10002) and, for reads and idempotent
   * writes, what may not have been (timeouts, 5xx).
   */
  async function call<T>(label: string, path: string, fn: () => Promise<T>, options: { repeatable: boolean }): Promise<T> {
    const retryable = (e: unknown): boolean =>
      isRateLimitedError(e) || isTimestampRejectedError(e) || (options.repeatable && isExchangeUnavailableError(e));
    return withRetry(
      async () => {
        await guard.waitTurn(path);
        try {
          return await fn();
        } catch (error) {
          throw toBybitError(error, scrub, label);
        }
      },
      backoff,
      retryable,
      { sleep, random },
      (error, retry, delayMs) => log.warn({ op: label, error: summarize(error), retry, delayMs }, 'bybit call failed, retrying'),
    );
  }

  function parse<S extends z.ZodType>(label: string, schema: S, value: unknown): z.infer<S> {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const detail = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ExchangeError(scrub(`${label}: unexpected response shape (${detail})`));
  }

  function result(response: unknown): unknown {
    return typeof response === 'object' && response !== null ? (response as { result?: unknown }).result : undefined;
  }

  async function ensureInstruments(reload = false): Promise<Map<string, Instrument>> {
    if (instruments === undefined || reload) {
      const loading = call('loadInstruments', '/v5/market/instruments-info', () => exchange.loadMarkets(reload), { repeatable: true }).then((markets) => {
        const map = new Map<string, Instrument>();
        for (const market of Object.values(markets)) {
          if (market === undefined || market.linear !== true || market.swap !== true || market.settle !== 'USDT') continue;
          let instrument: Instrument;
          try {
            instrument = toInstrument(market);
          } catch (error) {
            throw new ExchangeError(`loadInstruments: unexpected filters for ${market.id}: ${error instanceof Error ? error.message : String(error)}`);
          }
          map.set(instrument.symbol, instrument);
          ccxtSymbols.set(instrument.symbol, market.symbol);
        }
        return map;
      });
      instruments = loading;
      loading.catch(() => {
        if (instruments === loading) instruments = undefined;
      });
    }
    return instruments;
  }

  async function ccxtSymbol(symbol: string): Promise<string> {
    await ensureInstruments();
    const found = ccxtSymbols.get(symbol);
    if (found === undefined) throw new InvalidRequestError(`unknown linear USDT perpetual ${JSON.stringify(symbol)}`);
    return found;
  }

  async function fetchServerTime(): Promise<number> {
    const response = await call('fetchServerTime', '/v5/market/time', () => exchange.publicGetV5MarketTime(), { repeatable: true });
    return parse('fetchServerTime', serverTimeSchema, response).time;
  }

  async function fetchOrderByLinkId(symbol: string, orderLinkId: string): Promise<ExchangeOrder | undefined> {
    const response = await call(
      'fetchOrderByLinkId',
      '/v5/order/realtime',
      () => exchange.privateGetV5OrderRealtime({ category: CATEGORY, symbol, orderLinkId }),
      { repeatable: true },
    );
    const list = parse('fetchOrderByLinkId', listResult(orderSchema), result(response)).list;
    const order = list.find((o) => o.orderLinkId === orderLinkId);
    return order === undefined ? undefined : toExchangeOrder(order);
  }

  return {
    async verifyKeyPermissions(options = {}) {
      const response = await call('verifyKeyPermissions', '/v5/user/query-api', () => exchange.privateGetV5UserQueryApi(), { repeatable: true });
      const perms = describeKeyPermissions(parse('verifyKeyPermissions', apiKeyInfoSchema, result(response)));
      log.info({ permissions: perms.permissions, readOnly: perms.readOnly, expiresAt: perms.expiresAt }, 'bybit API key permissions');
      assertSafeKeyPermissions(perms, options.requireTrading ?? true);
      return perms;
    },

    loadInstruments: (reload) => ensureInstruments(reload),

    fetchServerTime,

    async fetchClosedCandles(symbol, sinceTs, untilTs) {
      const market = await ccxtSymbol(symbol);
      const launchTime = (await ensureInstruments()).get(symbol)?.launchTime ?? 0;
      const since = Math.max(sinceTs, launchTime);
      // The newest candle of a kline answer may still be forming: only what closed by the
      // server's clock is returned.
      const newestClosed = lastClosedCandleTs(await fetchServerTime());
      const until = Math.min(untilTs ?? newestClosed, newestClosed);
      if (until < since) return [];
      return fetchCandleRange(async (start, end, limit) => {
        const rows = await call(
          'fetchClosedCandles',
          '/v5/market/kline',
          () => exchange.fetchOHLCV(market, '1m', start, limit, { until: end }),
          { repeatable: true },
        );
        return rows.map(([ts, open, high, low, close, volume]) => ({
          symbol,
          ts: Number(ts),
          open: Number(open),
          high: Number(high),
          low: Number(low),
          close: Number(close),
          volume: Number(volume),
        }));
      }, since, until);
    },

    async fetchBalance() {
      const response = await call(
        'fetchBalance',
        '/v5/account/wallet-balance',
        () => exchange.privateGetV5AccountWalletBalance({ accountType: 'UNIFIED' }),
        { repeatable: true },
      );
      return toWalletBalance(parse('fetchBalance', walletSchema, result(response)));
    },

    async fetchPositions(symbol) {
      const query = symbol === undefined ? { category: CATEGORY, settleCoin: 'USDT', limit: 200 } : { category: CATEGORY, symbol, limit: 200 };
      const response = await call('fetchPositions', '/v5/position/list', () => exchange.privateGetV5PositionList(query), { repeatable: true });
      return parse('fetchPositions', listResult(positionSchema), result(response)).list.map(toPosition);
    },

    async setLeverage(symbol, leverage) {
      const market = await ccxtSymbol(symbol);
      try {
        // Setting an absolute value is idempotent, so an unknown outcome may be retried.
        await call('setLeverage', '/v5/position/set-leverage', () => exchange.setLeverage(leverage, market), { repeatable: true });
        return { changed: true };
      } catch (error) {
        if (isLeverageNotModifiedError(error)) return { changed: false };
        throw error;
      }
    },

    async placeMarketOrder(request) {
      if (!ORDER_LINK_ID.test(request.orderLinkId)) {
        throw new InvalidRequestError(`orderLinkId must be 1-36 of [A-Za-z0-9_-], was ${JSON.stringify(request.orderLinkId)}`);
      }
      if (!(request.qty > 0)) throw new InvalidRequestError(`qty must be positive, was ${request.qty}`);
      const market = await ccxtSymbol(request.symbol);
      const params: Record<string, unknown> = { clientOrderId: request.orderLinkId, reduceOnly: request.reduceOnly, positionIdx: 0 };
      if (request.takeProfit !== undefined) params['takeProfit'] = request.takeProfit;
      if (request.stopLoss !== undefined) params['stopLoss'] = request.stopLoss;
      const side = request.side === 'Buy' ? 'buy' : 'sell';
      const lookUp = async (): Promise<PlacedOrder | undefined> => {
        const existing = await fetchOrderByLinkId(request.symbol, request.orderLinkId);
        return existing === undefined ? undefined : { orderId: existing.orderId, orderLinkId: existing.orderLinkId, resolvedBy: 'lookup' };
      };

      let lastError: BybitError | undefined;
      for (let attempt = 0; attempt < backoff.maxAttempts; attempt += 1) {
        try {
          // Not `repeatable`: after a timeout the order may exist, and only a lookup can tell.
          const created = await call('placeMarketOrder', '/v5/order/create', () => exchange.createOrder(market, 'market', side, request.qty, undefined, params), {
            repeatable: false,
          });
          const info = parse('placeMarketOrder', createOrderResultSchema, created.info);
          log.info({ symbol: request.symbol, side: request.side, qty: request.qty, orderLinkId: request.orderLinkId, orderId: info.orderId }, 'order placed');
          return { orderId: info.orderId, orderLinkId: info.orderLinkId ?? request.orderLinkId, resolvedBy: 'create' };
        } catch (error) {
          if (isDuplicateOrderError(error)) {
            const existing = await lookUp();
            log.warn({ orderLinkId: request.orderLinkId, found: existing !== undefined }, 'orderLinkId already used, resolved by lookup');
            if (existing !== undefined) return existing;
            throw error;
          }
          if (!isExchangeUnavailableError(error)) throw error;
          lastError = error;
          log.warn({ orderLinkId: request.orderLinkId, error: summarize(error), attempt }, 'order outcome unknown, looking it up before any retry');
          const existing = await lookUp();
          if (existing !== undefined) return existing;
          if (attempt + 1 < backoff.maxAttempts) await sleep(backoffDelayMs(attempt, backoff, random));
        }
      }
      throw lastError ?? new ExchangeError('placeMarketOrder: no attempt made');
    },

    async setTradingStop(symbol, stop) {
      const market = await ccxtSymbol(symbol);
      const body: Record<string, string | number> = { category: CATEGORY, symbol, tpslMode: 'Full', positionIdx: 0 };
      const price = (p: number): string => (p === 0 ? '0' : String(exchange.priceToPrecision(market, p)));
      if (stop.takeProfit !== undefined) body['takeProfit'] = price(stop.takeProfit);
      if (stop.stopLoss !== undefined) body['stopLoss'] = price(stop.stopLoss);
      // Absolute levels: repeating the call after an unknown outcome is harmless.
      try {
        await call('setTradingStop', '/v5/position/trading-stop', () => exchange.privatePostV5PositionTradingStop(body), { repeatable: true });
        return { changed: true };
      } catch (error) {
        if (isBybitError(error) && error.retCode === TPSL_NOT_MODIFIED) return { changed: false };
        throw error;
      }
    },

    async cancelOrder(symbol, id) {
      await call('cancelOrder', '/v5/order/cancel', () => exchange.privatePostV5OrderCancel({ category: CATEGORY, symbol, ...id }), { repeatable: false });
    },

    fetchOrderByLinkId,

    async fetchExecutions(query) {
      const wanted = query.limit ?? 100;
      const rows: Execution[] = [];
      let cursor: string | undefined;
      do {
        const params: Record<string, string | number> = { category: CATEGORY, symbol: query.symbol, limit: Math.min(100, wanted - rows.length) };
        if (query.orderId !== undefined) params['orderId'] = query.orderId;
        if (query.orderLinkId !== undefined) params['orderLinkId'] = query.orderLinkId;
        if (query.startTime !== undefined) params['startTime'] = query.startTime;
        if (query.endTime !== undefined) params['endTime'] = query.endTime;
        if (cursor !== undefined) params['cursor'] = cursor;
        const response = await call('fetchExecutions', '/v5/execution/list', () => exchange.privateGetV5ExecutionList(params), { repeatable: true });
        const page = parse('fetchExecutions', listResult(executionSchema), result(response));
        rows.push(...page.list.map(toExecution));
        cursor = page.nextPageCursor === '' || page.list.length === 0 ? undefined : page.nextPageCursor;
      } while (cursor !== undefined && rows.length < wanted);
      return rows;
    },
  };
}

function summarize(error: unknown): { name: string; retCode?: number; message: string } {
  if (error instanceof Error) {
    const retCode = (error as { retCode?: number }).retCode;
    return retCode === undefined ? { name: error.name, message: error.message } : { name: error.name, retCode, message: error.message };
  }
  return { name: 'unknown', message: String(error) };
}
