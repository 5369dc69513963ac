import { createHmac } from 'node:crypto';
import { parseBybitConfig } from '../config/bybit-config';
import { wsAuthFrame } from '../ws/sign-ws-auth';
import { createCcxtBybit } from './create-ccxt-bybit';

// Signing is checked against the documented rule (BYBIT_V5.md §2.2), computed here with
// node:crypto, and against what ccxt's own sign() produces with a fixed nonce.
const API_KEY = 'XXXXXXXXXXXXXXXXXX';
const SECRET = 'YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY';
const TS = 1_700_000_000_123;

const hmacHex = (payload: string): string => createHmac('sha256', SECRET).update(payload).digest('hex');

function exchangeWithFixedNonce(recvWindow = 5000) {
  const config = parseBybitConfig({
    environment: 'custom',
    baseUrl: 'http://127.0.0.1:9',
    wsPublicUrl: 'ws://127.0.0.1:9/public',
    wsPrivateUrl: 'ws://127.0.0.1:9/private',
    apiKey: API_KEY,
    apiSecret: SECRET,
    recvWindow,
  });
  const exchange = createCcxtBybit(config);
  exchange.nonce = () => TS;
  return exchange;
}

describe('REST request signing', () => {
  it.each([
    ['GET with a query', 'GET', 'v5/order/realtime', { category: 'linear', symbol: 'BTCUSDT', orderLinkId: 'mast-1' }, 5000],
    ['GET without a query', 'GET', 'v5/user/query-api', {}, 5000],
    ['GET, other recvWindow', 'GET', 'v5/position/list', { symbol: 'ETHUSDT', limit: 200, category: 'linear' }, 20000],
    ['POST order create', 'POST', 'v5/order/create', { symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', category: 'linear', qty: '0.001', reduceOnly: false, positionIdx: 0, orderLinkId: 'mast-1' }, 5000],
    ['POST trading stop', 'POST', 'v5/position/trading-stop', { category: 'linear', symbol: 'BTCUSDT', tpslMode: 'Full', positionIdx: 0, takeProfit: '41000.5', stopLoss: '45100' }, 5000],
  ] as const)('%s matches HMAC(secret, timestamp+apiKey+recvWindow+payload)', (_name, method, path, params, recvWindow) => {
    const exchange = exchangeWithFixedNonce(recvWindow);
    const signed = exchange.sign(path, 'private', method, { ...params });
    const headers = signed.headers as Record<string, string>;

    // The payload is the raw query (insertion order, URL-encoded) or the raw JSON body.
    const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const payloadTail = method === 'GET' ? query : JSON.stringify(params);
    const expected = hmacHex(`${TS}${API_KEY}${recvWindow}${payloadTail}`);

    expect(headers['X-BAPI-SIGN']).toBe(expected);
    expect(headers['X-BAPI-API-KEY']).toBe(API_KEY);
    expect(headers['X-BAPI-TIMESTAMP']).toBe(String(TS));
    expect(headers['X-BAPI-RECV-WINDOW']).toBe(String(recvWindow));
    if (method === 'GET') {
      expect(signed.url).toBe(`http://127.0.0.1:9/${path}?${query}`);
      expect(signed.body).toBeUndefined();
    } else {
      expect(signed.url).toBe(`http://127.0.0.1:9/${path}`);
      expect(signed.body).toBe(JSON.stringify(params));
    }
  });

  it('a different secret, timestamp or body gives a different signature', () => {
    const exchange = exchangeWithFixedNonce();
    const params = { category: 'linear', symbol: 'BTCUSDT' };
    const base = (exchange.sign('v5/order/realtime', 'private', 'GET', { ...params }).headers as Record<string, string>)['X-BAPI-SIGN'];
    exchange.nonce = () => TS + 1;
    const laterTs = (exchange.sign('v5/order/realtime', 'private', 'GET', { ...params }).headers as Record<string, string>)['X-BAPI-SIGN'];
    exchange.nonce = () => TS;
    const otherQuery = (exchange.sign('v5/order/realtime', 'private', 'GET', { ...params, symbol: 'ETHUSDT' }).headers as Record<string, string>)['X-BAPI-SIGN'];
    exchange.secret = `${SECRET}Z`;
    const otherSecret = (exchange.sign('v5/order/realtime', 'private', 'GET', { ...params }).headers as Record<string, string>)['X-BAPI-SIGN'];
    expect(new Set([base, laterTs, otherQuery, otherSecret]).size).toBe(4);
  });

  it('public calls carry no credentials', () => {
    const exchange = exchangeWithFixedNonce();
    const signed = exchange.sign('v5/market/kline', 'public', 'GET', { symbol: 'BTCUSDT', interval: '1', category: 'linear' });
    expect(signed.url).toBe('http://127.0.0.1:9/v5/market/kline?symbol=BTCUSDT&interval=1&category=linear');
    expect(JSON.stringify(signed.headers ?? {})).not.toContain(API_KEY);
  });
});

describe('private WS auth frame', () => {
  it('signs "GET/realtime" + expires with the secret', () => {
    const expires = TS + 10_000;
    const frame = wsAuthFrame(API_KEY, SECRET, expires, '7');
    expect(frame).toEqual({ op: 'auth', req_id: '7', args: [API_KEY, expires, hmacHex(`GET/realtime${expires}`)] });
    expect(frame.args[2]).toMatch(/^[0-9a-f]{64}$/);
  });
});
