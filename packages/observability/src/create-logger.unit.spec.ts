import { hostname } from 'node:os';
import type { LogDestination } from './create-logger';
import { createLogger, messageLogger } from './create-logger';

interface Sink {
  readonly stream: LogDestination;
  readonly lines: string[];
  text(): string;
  records(): Record<string, unknown>[];
}

function sink(): Sink {
  const lines: string[] = [];
  return {
    stream: { write: (line: string) => void lines.push(line) },
    lines,
    text: () => lines.join(''),
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const API_KEY = 'AKIA-bybit-key-7f3a9c';
const API_SECRET = 'bybit-secret-9d8e7f6a5b4c';
const SIGNATURE = 'c0ffee5ign4tur3deadbeef';
const BOT_TOKEN = '7123456789:AAHk3xJ9qPz_Ws8vLm2nB4cD6eF8gH0iJkL';
const WEBHOOK_TOKEN = 'Zx9_yW8-vU7tS6rQ5pO4nM3lK2jI1hG0fE';
const WEBHOOK_URL = `https://discord.com/api/webhooks/1234567890/${WEBHOOK_TOKEN}`;
const DB_PASSWORD = 'pg-pass-42xy';

describe('createLogger', () => {
  it('puts service and instance on every line, and symbol and correlationId on a message logger', () => {
    const out = sink();
    const logger = createLogger({ service: 'risk', level: 'info', destination: out.stream });
    logger.info('started');
    messageLogger(logger, { symbol: 'BTCUSDT', correlationId: 'corr-1' }).info({ type: 'CandleClosed' }, 'handled');
    const [started, handled] = out.records();
    expect(started).toMatchObject({ service: 'risk', instance: `${hostname()}/${process.pid}`, msg: 'started', level: 30 });
    expect(handled).toMatchObject({ service: 'risk', symbol: 'BTCUSDT', correlationId: 'corr-1', type: 'CandleClosed', msg: 'handled' });
  });

  it('drops lines below the level and refuses an unknown level at construction', () => {
    const out = sink();
    const logger = createLogger({ service: 's', level: 'warn', destination: out.stream });
    logger.info('hidden');
    logger.warn('shown');
    expect(out.records().map((r) => r['msg'])).toEqual(['shown']);
    expect(() => createLogger({ service: 's', level: 'loud' as never, destination: out.stream })).toThrow();
  });
});

describe('secret redaction by key', () => {
  it('redacts secret-looking keys at any depth, in arrays and in header lists, and keeps the rest', () => {
    const out = sink();
    const logger = createLogger({ service: 'execution', level: 'info', destination: out.stream });
    logger.info(
      {
        config: { bybit: { apiKey: API_KEY, apiSecret: API_SECRET, baseUrl: 'https://api.bybit.com' }, discord: { webhookUrl: WEBHOOK_URL }, telegram: { botToken: BOT_TOKEN } },
        request: { headers: { 'X-BAPI-API-KEY': API_KEY, 'X-BAPI-SIGN': SIGNATURE, 'content-type': 'application/json' } },
        retries: [{ attempt: 1, headers: { 'x-bapi-sign': SIGNATURE, authorization: `Bearer ${API_SECRET}` } }],
        rawHeaders: ['Content-Type', 'application/json', 'X-BAPI-API-KEY', API_KEY, 'X-BAPI-SIGN', SIGNATURE],
        headerEntries: [['X-BAPI-SIGN', SIGNATURE], ['Accept', 'application/json']],
        a: { b: { c: { d: { e: { f: { password: DB_PASSWORD, signature: SIGNATURE } } } } } },
      },
      'request sent',
    );
    const text = out.text();
    for (const value of [API_KEY, API_SECRET, SIGNATURE, BOT_TOKEN, WEBHOOK_TOKEN, DB_PASSWORD]) expect(text).not.toContain(value);
    const [record] = out.records();
    expect(record).toMatchObject({
      config: { bybit: { apiKey: '[redacted]', apiSecret: '[redacted]', baseUrl: 'https://api.bybit.com' }, discord: { webhookUrl: '[redacted]' }, telegram: { botToken: '[redacted]' } },
      request: { headers: { 'X-BAPI-API-KEY': '[redacted]', 'X-BAPI-SIGN': '[redacted]', 'content-type': 'application/json' } },
      retries: [{ attempt: 1, headers: { 'x-bapi-sign': '[redacted]', authorization: '[redacted]' } }],
      rawHeaders: ['Content-Type', 'application/json', 'X-BAPI-API-KEY', '[redacted]', 'X-BAPI-SIGN', '[redacted]'],
      headerEntries: [['X-BAPI-SIGN', '[redacted]'], ['Accept', 'application/json']],
      a: { b: { c: { d: { e: { f: { password: '[redacted]', signature: '[redacted]' } } } } } },
    });
  });

  it('does not change the object that was logged', () => {
    const out = sink();
    const logger = createLogger({ service: 's', level: 'info', destination: out.stream });
    const payload = { headers: { 'X-BAPI-SIGN': SIGNATURE } };
    logger.info(payload, 'sent');
    expect(payload.headers['X-BAPI-SIGN']).toBe(SIGNATURE);
  });

  it('redacts secrets in child bindings, at every generation', () => {
    const out = sink();
    const logger = createLogger({ service: 's', level: 'info', destination: out.stream });
    const child = logger.child({ exchange: { apiKey: API_KEY } });
    child.child({ token: BOT_TOKEN, symbol: 'ETHUSDT' }).info('grandchild');
    expect(out.text()).not.toContain(API_KEY);
    expect(out.text()).not.toContain(BOT_TOKEN);
    expect(out.records()[0]).toMatchObject({ exchange: { apiKey: '[redacted]' }, token: '[redacted]', symbol: 'ETHUSDT' });
  });

  it('survives cycles and shared references', () => {
    const out = sink();
    const logger = createLogger({ service: 's', level: 'info', destination: out.stream });
    const shared = { n: 1 };
    const cyclic: Record<string, unknown> = { left: shared, right: shared, secret: API_SECRET };
    cyclic['self'] = cyclic;
    logger.info({ cyclic }, 'cycle');
    expect(out.records()[0]).toMatchObject({ cyclic: { left: { n: 1 }, right: { n: 1 }, secret: '[redacted]', self: '[Circular]' } });
  });
});

describe('secrets inside errors', () => {
  it('keeps errors readable (type, message, stack) while redacting their secret properties', () => {
    const out = sink();
    const logger = createLogger({ service: 'execution', level: 'info', destination: out.stream });
    const error = Object.assign(new Error('request failed with status 401'), {
      config: { headers: { 'X-BAPI-API-KEY': API_KEY, 'X-BAPI-SIGN': SIGNATURE } },
      code: 'ERR_BAD_REQUEST',
    });
    logger.error({ err: error }, 'order submit failed');
    logger.error({ error, symbol: 'BTCUSDT' }, 'under another key');
    const [first, second] = out.records();
    for (const record of [first, second]) {
      const serialized = (record?.['err'] ?? record?.['error']) as Record<string, unknown>;
      expect(serialized).toMatchObject({ type: 'Error', message: 'request failed with status 401', code: 'ERR_BAD_REQUEST', config: { headers: { 'X-BAPI-API-KEY': '[redacted]', 'X-BAPI-SIGN': '[redacted]' } } });
      expect(String(serialized['stack'])).toContain('request failed with status 401');
    }
    expect(out.text()).not.toContain(API_KEY);
    expect(out.text()).not.toContain(SIGNATURE);
  });

  it('scrubs the known secret values from messages, stacks and causes', () => {
    const out = sink();
    const logger = createLogger({ service: 'execution', level: 'info', destination: out.stream, secrets: [API_KEY, API_SECRET] });
    const cause = new Error(`signing with ${API_SECRET} failed`);
    const error = new Error(`auth failed for key ${API_KEY}`, { cause });
    logger.error(error);
    logger.error({ err: error }, `retrying with ${API_KEY}`);
    logger.info({ note: `plain string holding ${API_SECRET}`, list: [`x ${API_KEY}`] }, 'strings');
    const text = out.text();
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(API_SECRET);
    const [asArg, asField] = out.records();
    expect(asArg).toMatchObject({ msg: 'auth failed for key [redacted]', err: { type: 'Error' } });
    const serialized = asArg?.['err'] as Record<string, unknown>;
    expect(serialized['message']).toBe('auth failed for key [redacted]: signing with [redacted] failed');
    expect(String(serialized['stack'])).toContain('caused by: Error: signing with [redacted] failed');
    expect(asField?.['msg']).toBe('retrying with [redacted]');
    expect(String((asField?.['err'] as Record<string, unknown>)['stack'])).toMatch(/^Error: auth failed for key \[redacted\]/);
  });

  it('scrubs credential-shaped strings it was not told about: webhook URLs, bot tokens, URL passwords', () => {
    const out = sink();
    const logger = createLogger({ service: 'notifier', level: 'info', destination: out.stream });
    logger.error({ err: new Error(`POST ${WEBHOOK_URL} failed: 429`) }, 'discord');
    logger.error({ err: new Error(`request to https://api.telegram.org/bot${BOT_TOKEN}/sendMessage failed`) }, 'telegram');
    logger.error({ url: `postgres://mast:${DB_PASSWORD}@db:5432/mast` }, `cannot connect to postgres://mast:${DB_PASSWORD}@db:5432/mast`);
    const text = out.text();
    for (const value of [WEBHOOK_TOKEN, BOT_TOKEN, DB_PASSWORD]) expect(text).not.toContain(value);
    const [discord, telegram, postgres] = out.records();
    expect((discord?.['err'] as Record<string, unknown>)['message']).toBe('POST https://discord.com/api/webhooks/1234567890/[redacted] failed: 429');
    expect((telegram?.['err'] as Record<string, unknown>)['message']).toBe('request to https://api.telegram.org/bot[redacted]/sendMessage failed');
    expect(postgres?.['msg']).toBe('cannot connect to postgres://mast:[redacted]@db:5432/mast');
  });

  it('finds a secret that JSON escapes inside the line', () => {
    const out = sink();
    const quoted = 'pa"ss\\word-123';
    const logger = createLogger({ service: 's', level: 'info', destination: out.stream, secrets: [quoted] });
    logger.info({ note: `value ${quoted}` }, 'escaped');
    expect(out.text()).not.toContain(JSON.stringify(quoted).slice(1, -1));
    expect(out.records()[0]?.['note']).toBe('value [redacted]');
  });
});
