import type * as ccxt from 'ccxt';
import type { BybitConfig } from '../config/bybit-config';
import { CcxtBybitClass } from './ccxt-bybit-module';

export type CcxtBybit = ccxt.bybit;

export interface ResponseObserver {
  (path: string, headers: Readonly<Record<string, string | undefined>>): void;
}

/**
 * Builds ccxt's bybit class so it makes no needless calls (BYBIT_V5.md §4.1): linear markets
 * only, UTA assumed (skips query-api + account/info before every account call), no currency
 * list. The environment switch comes before the custom URL override, because ccxt's
 * setSandboxMode/enableDemoTrading overwrite `urls.api`.
 */
export function createCcxtBybit(config: BybitConfig, onResponse?: ResponseObserver): CcxtBybit {
  const exchange = new CcxtBybitClass({
    apiKey: config.credentials?.apiKey,
    secret: config.credentials?.apiSecret.reveal(),
    timeout: config.timeoutMs,
    enableRateLimit: true,
    // ccxt's default leaky bucket makes every call wait for the previous call's cost (an order
    // create waits 100 ms behind the lookup before it, even on an idle account). The rolling
    // window (bybit's own rollingWindowSize, 5 s) spends the same budget per window but lets an
    // isolated burst through at once, which is what placing and confirming one order is.
    rateLimiterAlgorithm: 'rollingWindow',
    options: {
      defaultType: 'swap',
      defaultSubType: 'linear',
      fetchMarkets: { types: ['linear'] },
      enableUnifiedAccount: true,
      enableUnifiedMargin: false,
      unifiedMarginStatus: 6,
      recvWindow: config.recvWindow,
      adjustForTimeDifference: false,
    },
    has: { fetchCurrencies: false },
  });
  if (config.environment === 'testnet') exchange.setSandboxMode(true);
  if (config.environment === 'demo') exchange.enableDemoTrading(true);
  if (config.environment === 'custom') {
    const api = exchange.urls['api'] as Record<string, string>;
    exchange.urls['api'] = { ...api, public: config.endpoints.rest, private: config.endpoints.rest };
  }
  if (onResponse !== undefined) {
    // ccxt keeps only the last response's headers on the instance, which concurrent calls
    // overwrite; this hook sees each response with its own URL.
    const original = exchange.onRestResponse.bind(exchange);
    exchange.onRestResponse = (statusCode, statusText, url, method, responseHeaders, responseBody, requestHeaders, requestBody) => {
      try {
        onResponse(new URL(String(url)).pathname, (responseHeaders ?? {}) as Record<string, string | undefined>);
      } catch {
        // A header we cannot read must not fail the request.
      }
      return original(statusCode, statusText, url, method, responseHeaders, responseBody, requestHeaders, requestBody);
    };
  }
  return exchange;
}
