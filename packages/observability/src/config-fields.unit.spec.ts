import { z } from 'zod';
import { describeConfigShape, toEnvSegment } from './config-fields';
import { readEnvValue } from './env-value';
import { secret } from './secret-field';

describe('toEnvSegment', () => {
  it.each([
    ['url', 'URL'],
    ['apiKey', 'API_KEY'],
    ['maxAckPending', 'MAX_ACK_PENDING'],
    ['httpURL', 'HTTP_URL'],
    ['HTTPPort', 'HTTP_PORT'],
    ['ema2', 'EMA2'],
    ['snake_case', 'SNAKE_CASE'],
  ])('%s -> %s', (key, env) => {
    expect(toEnvSegment(key)).toBe(env);
  });
});

describe('describeConfigShape', () => {
  it('lists each leaf with its variable, how it is read, and whether it is secret or required', () => {
    const schema = z.object({
      nats: z.object({ url: z.url(), timeoutMs: z.number().default(5000) }),
      symbols: z.array(z.enum(['BTCUSDT', 'ETHUSDT'])),
      weights: z.record(z.string(), z.number()).optional(),
      dryRun: z.boolean().optional(),
      telegram: z.object({ botToken: secret(z.string()), chatIds: secret(z.array(z.string())) }).optional(),
      port: z.string().transform(Number),
    });
    const { fields, requiredObjects } = describeConfigShape(schema, { envPrefix: 'MAST_' });
    expect(fields.map((f) => [f.dotted, f.env, f.kind, f.itemKind, f.secret, f.required])).toEqual([
      ['nats.url', 'MAST_NATS_URL', 'string', 'string', false, true],
      ['nats.timeoutMs', 'MAST_NATS_TIMEOUT_MS', 'number', 'number', false, false],
      ['symbols', 'MAST_SYMBOLS', 'list', 'string', false, true],
      ['weights', 'MAST_WEIGHTS', 'json', 'json', false, false],
      ['dryRun', 'MAST_DRY_RUN', 'boolean', 'boolean', false, false],
      ['telegram.botToken', 'MAST_TELEGRAM_BOT_TOKEN', 'string', 'string', true, true],
      ['telegram.chatIds', 'MAST_TELEGRAM_CHAT_IDS', 'list', 'string', true, true],
      ['port', 'MAST_PORT', 'string', 'string', false, true],
    ]);
    expect(requiredObjects).toEqual([['nats']]);
  });

  it('refuses a schema that is not an object', () => {
    expect(() => describeConfigShape(z.string(), { envPrefix: 'MAST_' })).toThrow(/must be an object/);
  });
});

describe('readEnvValue', () => {
  it.each([
    ['42', 'number', 42],
    [' 1e-3 ', 'number', 0.001],
    ['forty', 'number', 'forty'],
    ['', 'number', ''],
    ['true', 'boolean', true],
    ['OFF', 'boolean', false],
    ['maybe', 'boolean', 'maybe'],
    ['{"a":1}', 'json', { a: 1 }],
    ['{broken', 'json', '{broken'],
    [' 007 ', 'string', ' 007 '],
  ] as const)('%j as %s', (text, kind, value) => {
    expect(readEnvValue(text, kind, kind)).toEqual(value);
  });

  it('reads lists as comma-separated items of their kind, or as JSON', () => {
    expect(readEnvValue('BTCUSDT, ETHUSDT,,', 'list', 'string')).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(readEnvValue('1,2,x', 'list', 'number')).toEqual([1, 2, 'x']);
    expect(readEnvValue('["a,b","c"]', 'list', 'string')).toEqual(['a,b', 'c']);
  });
});
