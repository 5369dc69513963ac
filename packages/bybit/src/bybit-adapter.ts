import type { Logger } from 'pino';
import type { BybitConfig } from './config/bybit-config';
import { createBybitRest } from './rest/bybit-rest';
import type { BybitRest, BybitRestDeps } from './rest/bybit-rest';
import type { Instrument, KeyPermissions } from './rest/rest-types';
import { createPrivateStream } from './ws/private-stream';
import type { PrivateStream, PrivateStreamOptions } from './ws/private-stream';
import { createPublicStream } from './ws/public-stream';
import type { PublicStream, PublicStreamOptions } from './ws/public-stream';
import { AuthError } from './errors/bybit-errors';

export interface BybitAdapter {
  readonly rest: BybitRest;
  readonly instruments: ReadonlyMap<string, Instrument>;
  /** Undefined without credentials, and on demo (which cannot report them). */
  readonly keyPermissions: KeyPermissions | undefined;
  /** Candles (and tickers) for the configured symbols, backfilled through this adapter's REST. */
  publicStream(options?: Omit<PublicStreamOptions, 'url' | 'symbols' | 'backfill' | 'logger'>): PublicStream;
  privateStream(options?: Omit<PrivateStreamOptions, 'url' | 'credentials' | 'logger'>): PrivateStream;
}

export interface StartBybitOptions extends Omit<BybitRestDeps, 'logger'> {
  readonly logger: Logger;
  /**
   * Trading services need a key that can place orders; market-data services pass false. Either
   * way a key that can withdraw is refused.
   */
  readonly requireTrading: boolean;
}

/**
 * The start-up sequence every service runs: check the key's permissions (refuse a key that can
 * withdraw, or a read-only key when trading), then load the instrument filters.
 */
export async function startBybitAdapter(config: BybitConfig, options: StartBybitOptions): Promise<BybitAdapter> {
  const rest = createBybitRest(config, options);
  if (options.requireTrading && config.credentials === undefined) {
    throw new AuthError('trading requires BYBIT_API_KEY and BYBIT_API_SECRET (or their _FILE variants)');
  }
  // Demo trading does not serve /v5/user/query-api (docs:demo.mdx "Available API List"), and a
  // demo key only reaches the separate demo account's virtual funds: nothing to withdraw.
  const checkKey = config.credentials !== undefined && config.environment !== 'demo';
  if (config.credentials !== undefined && !checkKey) options.logger.info('demo trading: key permissions cannot be queried; demo keys only reach virtual funds');
  const keyPermissions = checkKey ? await rest.verifyKeyPermissions({ requireTrading: options.requireTrading }) : undefined;
  const instruments = await rest.loadInstruments();
  for (const symbol of config.symbols) {
    if (!instruments.has(symbol)) options.logger.warn({ symbol }, 'configured symbol is not a trading USDT perpetual on this exchange');
  }
  return {
    rest,
    instruments,
    keyPermissions,
    publicStream: (streamOptions = {}) =>
      createPublicStream({ ...streamOptions, url: config.endpoints.wsPublic, symbols: config.symbols, backfill: rest, logger: options.logger }),
    privateStream(streamOptions = {}) {
      const credentials = config.credentials;
      if (credentials === undefined) throw new AuthError('the private stream needs API credentials');
      return createPrivateStream({ ...streamOptions, url: config.endpoints.wsPrivate, credentials, logger: options.logger });
    },
  };
}
