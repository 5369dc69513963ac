import Fastify, { type FastifyInstance } from 'fastify';
import { readStream } from '../../bus/src/read-stream';
import { createPublisher } from '../../bus/src/publisher';
import { provisionNamespace } from '../../bus/src/provision';
import type { Bus } from '../../bus/src/connect-bus';
import { cleanUp, connectTestBus, testNamespace } from '../../bus/test/nats-test-kit';
import { streamName, type MastEvent } from '@mast/contracts';
import { ControlRoutesConfigError, registerControlRoutes } from './control-routes';

/** The control endpoint on a bare fastify instance, publishing to a real JetStream namespace. */

const TOKEN = 'test-token-0123456789abcdefghij';

describe('registerControlRoutes', () => {
  let bus: Bus;
  let ns: string;
  let app: FastifyInstance;
  const now = Date.UTC(2025, 4, 4, 12, 0);

  beforeAll(async () => {
    ns = testNamespace();
    bus = await connectTestBus('control-routes-test');
    await provisionNamespace(bus.jsm, ns);
    app = Fastify();
    let tick = 0;
    await registerControlRoutes(app, { publisher: createPublisher(bus, { ns }), token: TOKEN, symbols: ['BTCUSDT', 'ETHUSDT'], now: () => now + tick++ });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await cleanUp(bus, ns);
  });

  const events = async (context: 'ctl' | 'sys'): Promise<MastEvent[]> => {
    const out: MastEvent[] = [];
    for await (const { event } of readStream(bus, { stream: streamName(ns, context) })) out.push(event);
    return out;
  };
  const post = (path: string, body: unknown, token: string | null = TOKEN) =>
    app.inject({ method: 'POST', url: `/v1/controls${path}`, headers: token === null ? {} : { authorization: `Bearer ${token}` }, payload: body as Record<string, unknown> });

  it('publishes a pause with who and why, and answers 202 with the event id', async () => {
    const res = await post('/pause', { symbol: 'btcusdt', issuedBy: 'alice', why: 'news at 14:00' });
    expect(res.statusCode).toBe(202);
    const body = res.json<{ eventId: string; type: string }>();
    expect(body.type).toBe('EntriesPaused');
    const stored = (await events('ctl')).find((e) => e.id === body.eventId);
    expect(stored?.data).toEqual({ symbol: 'BTCUSDT', issuedBy: 'http:alice', why: 'news at 14:00' });
  });

  it.each([
    ['/resume', { issuedBy: 'alice', why: 'all clear' }, 'EntriesResumed', { symbol: null }],
    ['/flatten', { symbol: 'all', issuedBy: 'alice', why: 'exchange trouble' }, 'FlattenRequested', { symbol: null }],
    ['/halt', { issuedBy: 'alice', why: 'exchange trouble' }, 'HaltRequested', {}],
    ['/resume-trading', { issuedBy: 'alice', why: 'checked' }, 'TradingResumed', {}],
  ])('%s publishes %s', async (path, body, type, data) => {
    const res = await post(path, body);
    expect(res.statusCode).toBe(202);
    const stored = (await events('ctl')).find((e) => e.id === res.json<{ eventId: string }>().eventId);
    expect(stored?.type).toBe(type);
    expect(stored?.data).toMatchObject(data);
  });

  it('refuses a request without the right token with a problem+json 401, and audits the attempt', async () => {
    const before = (await events('ctl')).length;
    for (const token of [null, 'wrong-token-0123456789abcdefghij']) {
      const res = await post('/halt', { issuedBy: 'mallory', why: 'because' }, token);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
    expect((await events('ctl')).length).toBe(before);
    const audits = (await events('sys')).filter((e) => e.type === 'OperatorCommandRefused');
    expect(audits.map((e) => e.data)).toEqual([
      { channel: 'http', issuedBy: 'http:127.0.0.1', command: 'POST halt', reason: 'UNAUTHORIZED', detail: 'no bearer token' },
      { channel: 'http', issuedBy: 'http:127.0.0.1', command: 'POST halt', reason: 'UNAUTHORIZED', detail: 'wrong bearer token' },
    ]);
  });

  it('names every bad field at once in a 400', async () => {
    const res = await post('/pause', { symbol: 42, why: 'x', extra: true });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const paths = res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path).sort();
    expect(paths).toEqual(['(body)', 'issuedBy', 'symbol', 'why']);
  });

  it('refuses a symbol that is not traded, a flatten without a target and a body that is not JSON', async () => {
    const unknown = await post('/pause', { symbol: 'DOGEUSDT', issuedBy: 'alice', why: 'test it' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ detail: string }>().detail).toBe('DOGEUSDT is not traded here (symbols: BTCUSDT, ETHUSDT)');
    expect((await post('/flatten', { issuedBy: 'alice', why: 'test it' })).json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['symbol']);
    const broken = await app.inject({ method: 'POST', url: '/v1/controls/halt', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, payload: '{not json' });
    expect(broken.statusCode).toBe(400);
    expect(broken.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses a token too short to be a secret, at registration', async () => {
    await expect(registerControlRoutes(Fastify(), { publisher: createPublisher(bus, { ns }), token: 'short' })).rejects.toThrow(ControlRoutesConfigError);
  });
});
