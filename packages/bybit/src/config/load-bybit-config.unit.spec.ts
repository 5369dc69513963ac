import { inspect } from 'node:util';
import { isConfigError } from '@mast/contracts';
import type { ConfigError } from '@mast/contracts';
import { createCcxtBybit } from '../rest/create-ccxt-bybit';
import { parseBybitConfig } from './bybit-config';
import { BYBIT_ENDPOINTS } from './endpoints';
import { loadBybitConfig } from './load-bybit-config';

const KEY = 'keyFromEnv0123456';
const SECRET = 'secretFromEnv0123456789abcdef';
const noFiles = (path: string): string => {
  throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
};

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (isConfigError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadBybitConfig', () => {
  it('reads credentials from the environment', () => {
    const c = loadBybitConfig({ BYBIT_ENV: 'testnet', BYBIT_API_KEY: KEY, BYBIT_API_SECRET: SECRET, BYBIT_RECV_WINDOW: '7000', BYBIT_SYMBOLS: 'BTCUSDT, ETHUSDT' }, noFiles);
    expect(c.environment).toBe('testnet');
    expect(c.credentials?.apiKey).toBe(KEY);
    expect(c.credentials?.apiSecret.reveal()).toBe(SECRET);
    expect(c.recvWindow).toBe(7000);
    expect(c.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(c.endpoints).toEqual(BYBIT_ENDPOINTS.testnet);
  });

  it('reads credentials from mounted files, trimming the trailing newline', () => {
    const files: Record<string, string> = { '/run/secrets/key': `${KEY}\n`, '/run/secrets/secret': `${SECRET}\n` };
    const c = loadBybitConfig({ BYBIT_ENV: 'live', BYBIT_API_KEY_FILE: '/run/secrets/key', BYBIT_API_SECRET_FILE: '/run/secrets/secret' }, (p) => {
      const content = files[p];
      if (content === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return content;
    });
    expect(c.credentials?.apiKey).toBe(KEY);
    expect(c.credentials?.apiSecret.reveal()).toBe(SECRET);
    expect(c.recvWindow).toBe(5000);
    expect(c.symbols).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
  });

  it('allows no credentials at all (market data only)', () => {
    expect(loadBybitConfig({ BYBIT_ENV: 'demo' }, noFiles).credentials).toBeUndefined();
  });

  it('reports every bad field at once and never echoes a secret', () => {
    const err = configError(() =>
      loadBybitConfig(
        { BYBIT_ENV: 'custom', BYBIT_API_KEY: KEY, BYBIT_API_KEY_FILE: '/k', BYBIT_API_SECRET_FILE: '/nope', BYBIT_RECV_WINDOW: 'soon', BYBIT_SYMBOLS: 'btcusdt' },
        noFiles,
      ),
    );
    const paths = err.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['apiKey', 'apiSecret', 'recvWindow', 'baseUrl', 'wsPublicUrl', 'wsPrivateUrl', 'symbols.0']));
    expect(err.message).toContain('BYBIT_API_KEY or BYBIT_API_KEY_FILE, not both');
    expect(err.message).toContain('cannot read BYBIT_API_SECRET_FILE (/nope): ENOENT');
    expect(err.message).not.toContain(KEY);
  });

  it('does not echo a malformed secret value either', () => {
    const err = configError(() => parseBybitConfig({ environment: 'live', apiKey: 42, apiSecret: { value: SECRET } }));
    expect(err.message).not.toContain(SECRET);
    expect(err.issues.map((i) => i.path).sort()).toEqual(['apiKey', 'apiSecret']);
  });

  it('requires a missing environment and refuses unknown ones', () => {
    expect(configError(() => loadBybitConfig({}, noFiles)).issues.map((i) => i.path)).toEqual(['environment']);
    expect(configError(() => loadBybitConfig({ BYBIT_ENV: 'mainnet' }, noFiles)).message).toContain('environment');
  });

  it('custom needs its three URLs; other environments refuse them', () => {
    const custom = loadBybitConfig(
      { BYBIT_ENV: 'custom', BYBIT_BASE_URL: 'http://127.0.0.1:8080/', BYBIT_WS_PUBLIC_URL: 'ws://127.0.0.1:8080/v5/public/linear', BYBIT_WS_PRIVATE_URL: 'ws://127.0.0.1:8080/v5/private' },
      noFiles,
    );
    expect(custom.endpoints).toEqual({ rest: 'http://127.0.0.1:8080', wsPublic: 'ws://127.0.0.1:8080/v5/public/linear', wsPrivate: 'ws://127.0.0.1:8080/v5/private' });
    expect(configError(() => loadBybitConfig({ BYBIT_ENV: 'live', BYBIT_BASE_URL: 'http://127.0.0.1:1' }, noFiles)).issues).toEqual([
      { path: 'baseUrl', message: 'is only allowed when environment is custom, not live' },
    ]);
  });

  it('the secret cannot leak through JSON, inspect or string conversion', () => {
    const c = loadBybitConfig({ BYBIT_ENV: 'live', BYBIT_API_KEY: KEY, BYBIT_API_SECRET: SECRET }, noFiles);
    expect(JSON.stringify(c)).not.toContain(SECRET);
    expect(inspect(c, { depth: 10 })).not.toContain(SECRET);
    expect(`${c.credentials?.apiSecret}`).not.toContain(SECRET);
  });
});

describe('endpoints and the ccxt client per environment (BYBIT_V5.md §1, §4.1)', () => {
  it('demo reads mainnet public data but its own private stream', () => {
    expect(BYBIT_ENDPOINTS.demo.wsPublic).toBe(BYBIT_ENDPOINTS.live.wsPublic);
    expect(BYBIT_ENDPOINTS.demo.wsPrivate).toBe('wss://stream-demo.bybit.com/v5/private');
  });

  it.each(['live', 'testnet', 'demo'] as const)('ccxt REST base for %s matches the endpoints table', (environment) => {
    const exchange = createCcxtBybit(parseBybitConfig({ environment, apiKey: KEY, apiSecret: SECRET }));
    const api = exchange.urls['api'] as Record<string, string>;
    expect(exchange.implodeHostname(api['public'] ?? '')).toBe(BYBIT_ENDPOINTS[environment].rest);
    expect(exchange.implodeHostname(api['private'] ?? '')).toBe(BYBIT_ENDPOINTS[environment].rest);
  });

  it('custom overrides the URLs after any environment switch, and the client skips needless calls', () => {
    const config = parseBybitConfig({ environment: 'custom', baseUrl: 'http://127.0.0.1:7777', wsPublicUrl: 'ws://127.0.0.1:7777/p', wsPrivateUrl: 'ws://127.0.0.1:7777/q' });
    const exchange = createCcxtBybit(config);
    const api = exchange.urls['api'] as Record<string, string>;
    expect([api['public'], api['private']]).toEqual(['http://127.0.0.1:7777', 'http://127.0.0.1:7777']);
    expect(exchange.options['fetchMarkets']['types']).toEqual(['linear']);
    expect(exchange.options['enableUnifiedAccount']).toBe(true);
    expect(exchange.options['enableUnifiedMargin']).toBe(false);
    expect(exchange.options['unifiedMarginStatus']).toBe(6);
    expect(exchange.has['fetchCurrencies']).toBe(false);
    expect(exchange.enableRateLimit).toBe(true);
  });
});
