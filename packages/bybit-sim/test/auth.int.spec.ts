import { startSimulator, type Simulator } from '../src/index';
import { candles, publicGet, signedGet, signedPost, T0, type Creds } from './helpers';

const creds: Creds = { apiKey: 'auth-key', secret: 'auth-secret' };
const readOnly: Creds = { apiKey: 'ro-key', secret: 'ro-secret' };
const WALLET = '/v5/account/wallet-balance';

describe('REST authentication', () => {
  let sim: Simulator;
  let clock = Date.now();

  beforeAll(async () => {
    sim = await startSimulator({
      accounts: [{ ...creds }, { ...readOnly, readOnly: true }],
      market: { candles: { BTCUSDT: candles(T0, [[100, 101, 99, 100, 1]]) }, speed: 'manual' },
      now: () => clock,
    });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    clock = Date.now();
  });

  it('accepts a GET signed over the raw query string and answers the envelope', async () => {
    const res = await signedGet(sim.url, creds, WALLET, 'accountType=UNIFIED', { timestamp: clock });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ retCode: 0, retMsg: 'OK', result: expect.any(Object), retExtInfo: {}, time: clock });
  });

  it('verifies the query bytes as sent, not a re-sorted or re-encoded form', async () => {
    const query = 'settleCoin=USDT&category=linear&limit=200';
    const ok = await signedGet(sim.url, creds, '/v5/position/list', query, { timestamp: clock });
    expect(ok.body.retCode).toBe(0);
    const reordered = await signedGet(sim.url, creds, '/v5/position/list', query, { timestamp: clock, sendInstead: 'category=linear&settleCoin=USDT&limit=200' });
    expect(reordered.body.retCode).toBe(10004);
  });

  it('rejects a tampered POST body with 10004 and the origin string of what was received', async () => {
    const signed = JSON.stringify({ category: 'linear', symbol: 'BTCUSDT', buyLeverage: '5', sellLeverage: '5' });
    const sent = signed.replace('"5"', '"6"');
    const res = await signedPost(sim.url, creds, '/v5/position/set-leverage', signed, { timestamp: clock, sendInstead: sent });
    expect(res.status).toBe(200);
    expect(res.body.retCode).toBe(10004);
    expect(res.body.retMsg).toBe(`error sign! origin_string[${clock}${creds.apiKey}5000${sent}]`);
    expect(sim.positions(creds.apiKey)).toEqual([]);
  });

  it('rejects a signature made with the wrong secret', async () => {
    const res = await signedGet(sim.url, { apiKey: creds.apiKey, secret: 'wrong' }, WALLET, 'accountType=UNIFIED', { timestamp: clock });
    expect(res.body.retCode).toBe(10004);
  });

  it('applies server_time - recv_window <= timestamp < server_time + 1000', async () => {
    const at = (timestamp: number, recvWindow = '5000') => signedGet(sim.url, creds, WALLET, 'accountType=UNIFIED', { timestamp, recvWindow });
    expect((await at(clock - 5000)).body.retCode).toBe(0);
    expect((await at(clock + 999)).body.retCode).toBe(0);
    const old = await at(clock - 5001);
    expect(old.status).toBe(200);
    expect(old.body.retCode).toBe(10002);
    expect(old.body.retMsg).toBe(`invalid request, please check your server timestamp or recv_window param. req_timestamp[${clock - 5001}],server_timestamp[${clock}],recv_window[5000]`);
    expect((await at(clock + 1000)).body.retCode).toBe(10002);
    expect((await at(clock - 8000, '10000')).body.retCode).toBe(0);
  });

  it('uses the default recv window when the header is absent (and signs with an empty recv_window)', async () => {
    const inside = await signedGet(sim.url, creds, WALLET, 'accountType=UNIFIED', { timestamp: clock - 4000, recvWindow: null });
    expect(inside.body.retCode).toBe(0);
    const outside = await signedGet(sim.url, creds, WALLET, 'accountType=UNIFIED', { timestamp: clock - 6000, recvWindow: null });
    expect(outside.body.retCode).toBe(10002);
  });

  it('answers 10003 for an unknown or missing key', async () => {
    const unknown = await signedGet(sim.url, { apiKey: 'nobody', secret: 'x' }, WALLET, 'accountType=UNIFIED', { timestamp: clock });
    expect(unknown.status).toBe(200);
    expect(unknown.body.retCode).toBe(10003);
    const bare = await publicGet(sim.url, WALLET, 'accountType=UNIFIED');
    expect(bare.body.retCode).toBe(10003);
  });

  it('refuses writes with a read-only key (10005) but lets it read', async () => {
    const body = { category: 'linear', symbol: 'BTCUSDT', side: 'Sell', orderType: 'Market', qty: '0.001' };
    const write = await signedPost(sim.url, readOnly, '/v5/order/create', body, { timestamp: clock });
    expect(write.body.retCode).toBe(10005);
    const read = await signedGet(sim.url, readOnly, WALLET, 'accountType=UNIFIED', { timestamp: clock });
    expect(read.body.retCode).toBe(0);
    const keyInfo = await signedGet<{ readOnly: number; uta: number; permissions: { Wallet: string[] } }>(sim.url, readOnly, '/v5/user/query-api', '', { timestamp: clock });
    expect(keyInfo.body.result.readOnly).toBe(1);
    expect(keyInfo.body.result.uta).toBe(1);
    expect(keyInfo.body.result.permissions.Wallet).not.toContain('Withdraw');
  });

  it('answers 10017 for an unknown path or a wrong method', async () => {
    expect((await publicGet(sim.url, '/v5/market/nothing')).body).toMatchObject({ retCode: 10017, retMsg: 'Route not found' });
    const wrongMethod = await signedPost(sim.url, creds, WALLET, {}, { timestamp: clock });
    expect(wrongMethod.body.retCode).toBe(10017);
  });

  it('sends rate-limit headers per endpoint and answers 10006 past the per-second limit', async () => {
    // user/query-api allows 10 requests a second per UID; the clock is frozen inside one second.
    clock = Math.floor(Date.now() / 1000) * 1000 + 10;
    const statuses: (string | null)[] = [];
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await signedGet(sim.url, creds, '/v5/user/query-api', '', { timestamp: clock });
      statuses.push(res.headers.get('x-bapi-limit-status'));
      codes.push(res.body.retCode);
      expect(res.headers.get('x-bapi-limit')).toBe('10');
      expect(res.headers.get('x-bapi-limit-reset-timestamp')).toBe(String(Math.floor(clock / 1000) * 1000 + 1000));
    }
    expect(statuses).toEqual(['9', '8', '7', '6', '5', '4', '3', '2', '1', '0', '0']);
    expect(codes).toEqual([...Array(10).fill(0), 10006]);
    // Another endpoint has its own budget.
    const other = await signedGet(sim.url, creds, WALLET, 'accountType=UNIFIED', { timestamp: clock });
    expect(other.body.retCode).toBe(0);
    expect(other.headers.get('x-bapi-limit')).toBe('50');
    // The next second starts a fresh window.
    clock += 1000;
    expect((await signedGet(sim.url, creds, '/v5/user/query-api', '', { timestamp: clock })).body.retCode).toBe(0);
  });
});
