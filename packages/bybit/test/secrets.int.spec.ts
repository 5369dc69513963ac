import { startBybitAdapter } from '../src/bybit-adapter';
import { createBybitRest } from '../src/rest/bybit-rest';
import { childLogger } from '../src/logging/bybit-logger';
import { createPrivateStream } from '../src/ws/private-stream';
import { parseBybitConfig } from '../src/config/bybit-config';
import { FAST, TRADER, WS_FAST, eventually, memoryLogger, startSim } from './sim-fixture';
import type { SimHarness } from './sim-fixture';

const WRONG_SECRET = 'wrongSecretValue0123456789ABCDEFGH';
const HEX_SIGNATURE = /\b[0-9a-f]{64}\b/i;

function everythingAbout(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `${error.cause.message}\n${error.cause.stack ?? ''}` : String(error.cause);
  return [error.message, error.stack ?? '', cause, JSON.stringify(error)].join('\n');
}

describe('secrets never reach logs or errors', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await startSim();
    await h.sim.step();
  });
  afterAll(async () => {
    await h.sim.close();
  });

  it('REST auth failure: the 10004 answer echoes the signed payload, but neither secret nor key survives', async () => {
    const logs = memoryLogger('trace');
    const rest = createBybitRest(h.config({ apiKey: TRADER.apiKey, secret: WRONG_SECRET }), { logger: logs.logger, ...FAST });
    let caught: unknown;
    try {
      await rest.placeMarketOrder({ symbol: 'BTCUSDT', side: 'Sell', qty: 0.002, reduceOnly: false, orderLinkId: 'secret-1' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ name: 'AuthError', retCode: 10004 });
    const text = `${everythingAbout(caught)}\n${logs.text()}`;
    expect(text).toContain('error sign!'); // the exchange's answer is kept, scrubbed
    expect(text).not.toContain(WRONG_SECRET);
    expect(text).not.toContain(TRADER.secret);
    expect(text).not.toContain(TRADER.apiKey);
    expect(text).not.toMatch(HEX_SIGNATURE);
  });

  it('private WS auth failure: an AuthError event, and no secret or signature in it or in the logs', async () => {
    const logs = memoryLogger('trace');
    const config = h.config({ apiKey: TRADER.apiKey, secret: WRONG_SECRET });
    if (config.credentials === undefined) throw new Error('fixture has credentials');
    const stream = createPrivateStream({ url: h.sim.wsPrivateUrl, credentials: config.credentials, logger: logs.logger, ...WS_FAST });
    const errors: Error[] = [];
    stream.on('error', ({ error }) => errors.push(error));
    stream.start();
    await eventually('two refused auths', () => stream.stats().authFailures >= 2);
    await stream.close();
    expect(errors[0]).toMatchObject({ name: 'AuthError' });
    const text = `${errors.map(everythingAbout).join('\n')}\n${logs.text()}`;
    expect(text).toContain('auth refused');
    expect(text).not.toContain(WRONG_SECRET);
    expect(text).not.toMatch(HEX_SIGNATURE);
  });

  it('a whole session at trace level (start, trade, private stream) writes no secret and no signature', async () => {
    const logs = memoryLogger('trace');
    const adapter = await startBybitAdapter(h.config(), { logger: logs.logger, requireTrading: true, ...FAST });
    const stream = adapter.privateStream({ ...WS_FAST });
    stream.start();
    await eventually('private up', () => stream.stats().connections === 1);
    await adapter.rest.placeMarketOrder({ symbol: 'BTCUSDT', side: 'Sell', qty: 0.002, reduceOnly: false, orderLinkId: 'secret-2' });
    await adapter.rest.fetchExecutions({ symbol: 'BTCUSDT' });
    await stream.close();
    const text = logs.text();
    expect(text).toContain('order placed');
    expect(text).not.toContain(TRADER.secret);
    expect(text).not.toMatch(HEX_SIGNATURE);
  });

  it('objects carrying credentials by accident are censored by the package logger', () => {
    const logs = memoryLogger('trace');
    const log = childLogger(logs.logger, 'test');
    const config = parseBybitConfig({ environment: 'live', apiKey: TRADER.apiKey, apiSecret: TRADER.secret });
    log.info({ config, request: { headers: { 'X-BAPI-API-KEY': TRADER.apiKey, 'X-BAPI-SIGN': 'deadbeef' } }, apiKey: TRADER.apiKey, secret: TRADER.secret }, 'oops');
    const text = logs.text();
    expect(text).toContain('oops');
    expect(text).not.toContain(TRADER.secret);
    expect(text).not.toContain(TRADER.apiKey);
    expect(text).not.toContain('deadbeef');
  });
});
