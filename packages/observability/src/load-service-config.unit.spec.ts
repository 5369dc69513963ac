import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { isConfigSchemaError } from './config-schema-error';
import { CONFIG_ERROR_EXIT_CODE, exitOnConfigError } from './exit-on-config-error';
import type { LoadServiceConfigOptions } from './load-service-config';
import { loadServiceConfig } from './load-service-config';
import { secret } from './secret-field';
import { secretValues } from './secret-values';
import type { ServiceConfigError } from './service-config-error';
import { isServiceConfigError } from './service-config-error';

const schema = z.strictObject({
  logLevel: z.enum(['info', 'debug']).default('info'),
  nats: z.strictObject({ url: z.url(), maxReconnects: z.number().int().nonnegative().default(10) }),
  http: z.strictObject({ port: z.number().int().min(1).max(65535).default(9464) }),
  symbols: z.array(z.string().regex(/^[A-Z]+USDT$/)).min(1),
  paper: z.boolean().default(true),
  bybit: z.strictObject({
    apiKey: secret(z.string().min(16)),
    apiSecret: secret(z.string().min(16)),
  }),
});

const API_KEY = 'key-0123456789abcdef';
const API_SECRET = 'sec-fedcba9876543210';
const goodEnv = {
  MAST_NATS_URL: 'nats://127.0.0.1:4222',
  MAST_SYMBOLS: 'BTCUSDT, ETHUSDT',
  MAST_BYBIT_API_KEY: API_KEY,
  MAST_BYBIT_API_SECRET: API_SECRET,
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mast-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function configError(options: LoadServiceConfigOptions, s: z.ZodType = schema): ServiceConfigError {
  try {
    loadServiceConfig(s, options);
  } catch (error) {
    if (isServiceConfigError(error)) return error;
    throw error;
  }
  throw new Error('expected a ServiceConfigError');
}

describe('loadServiceConfig from the environment', () => {
  it('maps MAST_A_B_C to a.b.c, reads numbers, booleans and comma lists, and applies defaults', () => {
    const config = loadServiceConfig(schema, { env: { ...goodEnv, MAST_HTTP_PORT: '8080', MAST_PAPER: 'false' } });
    expect(config).toEqual({
      logLevel: 'info',
      nats: { url: 'nats://127.0.0.1:4222', maxReconnects: 10 },
      http: { port: 8080 },
      symbols: ['BTCUSDT', 'ETHUSDT'],
      paper: false,
      bybit: { apiKey: API_KEY, apiSecret: API_SECRET },
    });
  });

  it('takes explicit names for fields that have a conventional variable', () => {
    const { MAST_NATS_URL: _unused, ...rest } = goodEnv;
    const config = loadServiceConfig(schema, { env: { ...rest, NATS_URL: 'nats://nats:4222' }, envNames: { 'nats.url': 'NATS_URL' } });
    expect(config.nats.url).toBe('nats://nats:4222');
  });

  it('treats an empty variable as unset', () => {
    const config = loadServiceConfig(schema, { env: { ...goodEnv, MAST_HTTP_PORT: '' } });
    expect(config.http.port).toBe(9464);
  });

  it('names every bad field at once, with what was wrong, the given value and its variable', () => {
    const error = configError({
      env: { MAST_NATS_URL: 'not a url', MAST_HTTP_PORT: 'eighty', MAST_NATS_MAX_RECONNECTS: '-1', MAST_SYMBOLS: 'BTCUSDT,btc', MAST_LOG_LEVEL: 'loud', MAST_BYBIT_API_KEY: API_KEY },
    });
    const byPath = new Map(error.issues.map((i) => [i.path, i]));
    expect([...byPath.keys()].sort()).toEqual(['bybit.apiSecret', 'http.port', 'logLevel', 'nats.maxReconnects', 'nats.url', 'symbols.1']);
    expect(byPath.get('http.port')).toMatchObject({ given: '"eighty"', source: 'MAST_HTTP_PORT' });
    expect(byPath.get('nats.maxReconnects')).toMatchObject({ given: '-1', source: 'MAST_NATS_MAX_RECONNECTS' });
    expect(byPath.get('symbols.1')).toMatchObject({ given: '"btc"', source: 'MAST_SYMBOLS' });
    expect(byPath.get('nats.url')?.given).toBe('"not a url"');
    expect(byPath.get('bybit.apiSecret')?.message).toBe('required: set MAST_BYBIT_API_SECRET or MAST_BYBIT_API_SECRET_FILE or bybit.apiSecret in the config file');
    for (const path of byPath.keys()) expect(error.message).toContain(`  - ${path}: `);
  });

  it('names each missing leaf of a missing section, not just the section', () => {
    const error = configError({ env: { MAST_SYMBOLS: 'BTCUSDT' } });
    expect(error.issues.map((i) => i.path).sort()).toEqual(['bybit.apiKey', 'bybit.apiSecret', 'nats.url']);
  });

  it('masks secret values in the issues and the message', () => {
    const shortKey = 'tiny-key';
    const error = configError({ env: { ...goodEnv, MAST_BYBIT_API_KEY: shortKey, MAST_BYBIT_API_SECRET: 'also-short' } });
    expect(error.issues.map((i) => i.path).sort()).toEqual(['bybit.apiKey', 'bybit.apiSecret']);
    for (const issue of error.issues) expect(issue.given).toBe('[redacted]');
    expect(error.message).not.toContain(shortKey);
    expect(error.message).not.toContain('also-short');
  });

  it('scrubs secret values that a custom message repeats', () => {
    const leaky = z.strictObject({ token: secret(z.string().refine((v) => v.startsWith('xoxb'), { error: (issue) => `bad token ${String(issue.input)}` })) });
    const error = configError({ env: { MAST_TOKEN: 'plain-secret-value' } }, leaky);
    expect(error.message).toContain('bad token [redacted]');
    expect(error.message).not.toContain('plain-secret-value');
  });
});

describe('secrets from mounted files', () => {
  it('reads a *_FILE variable for a secret field, trimmed', () => {
    const keyFile = file('api-key', `${API_KEY}\n`);
    const { MAST_BYBIT_API_KEY: _unused, ...rest } = goodEnv;
    const config = loadServiceConfig(schema, { env: { ...rest, MAST_BYBIT_API_KEY_FILE: keyFile } });
    expect(config.bybit.apiKey).toBe(API_KEY);
  });

  it('reports an unreadable file, and both the variable and the file set, without the value', () => {
    const { MAST_BYBIT_API_KEY: _a, ...rest } = goodEnv;
    const error = configError({ env: { ...rest, MAST_BYBIT_API_KEY_FILE: join(dir, 'missing'), MAST_BYBIT_API_SECRET_FILE: file('secret', API_SECRET) } });
    const byPath = new Map(error.issues.map((i) => [i.path, i]));
    expect(byPath.get('bybit.apiKey')?.message).toBe('cannot read the secret file: ENOENT');
    expect(byPath.get('bybit.apiSecret')?.message).toBe('set either MAST_BYBIT_API_SECRET or MAST_BYBIT_API_SECRET_FILE, not both');
    expect(error.message).not.toContain(API_SECRET);
  });

  it('ignores *_FILE for fields that are not secrets', () => {
    const error = configError({ env: { ...goodEnv, MAST_NATS_URL: '', MAST_NATS_URL_FILE: file('url', 'nats://x:4222') } });
    expect(error.issues.map((i) => i.path)).toEqual(['nats.url']);
  });

  it('refuses a schema that gives a secret a default', () => {
    const bad = z.object({ token: secret(z.string()).default('changeme') });
    expect(() => loadServiceConfig(bad, { env: {} })).toThrow(/secret field token has a default/);
    try {
      loadServiceConfig(bad, { env: {} });
    } catch (error) {
      expect(isConfigSchemaError(error)).toBe(true);
    }
  });

  it('lists the secret values of a loaded config for the logger', () => {
    const config = loadServiceConfig(schema, { env: goodEnv });
    expect(secretValues(schema, config).sort()).toEqual([API_KEY, API_SECRET].sort());
  });
});

describe('YAML config file', () => {
  it('merges the environment over the file, key by key', () => {
    const path = file('config.yaml', 'nats:\n  url: nats://from-file:4222\n  maxReconnects: 3\nhttp:\n  port: 7000\nsymbols: [SOLUSDT]\nlogLevel: debug\n');
    const config = loadServiceConfig(schema, {
      env: { MAST_CONFIG_FILE: path, MAST_HTTP_PORT: '7001', MAST_BYBIT_API_KEY: API_KEY, MAST_BYBIT_API_SECRET: API_SECRET },
    });
    expect(config.nats).toEqual({ url: 'nats://from-file:4222', maxReconnects: 3 });
    expect(config.http.port).toBe(7001);
    expect(config.symbols).toEqual(['SOLUSDT']);
    expect(config.logLevel).toBe('debug');
  });

  it('takes the file from the options over MAST_CONFIG_FILE', () => {
    const used = file('a.yaml', 'nats: { url: "nats://a:4222" }\n');
    const ignored = file('b.yaml', 'nats: { url: "nats://b:4222" }\n');
    const config = loadServiceConfig(schema, { env: { ...goodEnv, MAST_NATS_URL: undefined, MAST_CONFIG_FILE: ignored }, file: used });
    expect(config.nats.url).toBe('nats://a:4222');
  });

  it('reports unknown keys and bad values in the file with the file as their source', () => {
    const path = file('config.yaml', 'nats:\n  url: nats://x:4222\n  ulr: typo\nhttp:\n  port: 0\n');
    const error = configError({ env: { ...goodEnv, MAST_NATS_URL: undefined, MAST_CONFIG_FILE: path } });
    const byPath = new Map(error.issues.map((i) => [i.path, i]));
    expect([...byPath.keys()].sort()).toEqual(['http.port', 'nats.ulr']);
    expect(byPath.get('nats.ulr')).toEqual({ path: 'nats.ulr', message: 'unknown key', source: path });
    expect(byPath.get('http.port')).toMatchObject({ given: '0', source: path });
  });

  it('reports a file that is not YAML or not a mapping, or cannot be read', () => {
    expect(configError({ env: goodEnv, file: file('bad.yaml', 'nats: [unclosed\n') }).issues[0]?.message).toMatch(/^cannot parse YAML: /);
    expect(configError({ env: goodEnv, file: file('list.yaml', '- a\n- b\n') }).issues[0]?.message).toBe('the config file must hold a mapping of keys');
    expect(configError({ env: goodEnv, file: join(dir, 'none.yaml') }).issues[0]?.message).toBe('cannot read the config file: ENOENT');
  });
});

describe('environment names', () => {
  it('refuses two fields that map to one variable, and overrides for unknown fields', () => {
    const clash = z.object({ a: z.object({ bC: z.string() }), aB: z.object({ c: z.string() }) });
    expect(() => loadServiceConfig(clash, { env: {} })).toThrow(/MAST_A_B_C/);
    expect(() => loadServiceConfig(schema, { env: goodEnv, envNames: { 'nats.uri': 'NATS_URL' } })).toThrow(/nats\.uri/);
    const reserved = z.object({ configFile: z.string() });
    expect(() => loadServiceConfig(reserved, { env: {} })).toThrow(/MAST_CONFIG_FILE/);
  });

  it('uses the given prefix', () => {
    const small = z.object({ port: z.number() });
    expect(loadServiceConfig(small, { env: { SIM_PORT: '81', MAST_PORT: '82' }, envPrefix: 'SIM_' })).toEqual({ port: 81 });
  });
});

describe('exitOnConfigError', () => {
  it('prints every issue and exits with code 2', () => {
    const error = configError({ env: { MAST_HTTP_PORT: 'x', MAST_BYBIT_API_KEY: 'short' } });
    let printed = '';
    const codes: number[] = [];
    expect(() => exitOnConfigError(error, { write: (t: string) => (printed += t) }, (code) => codes.push(code))).toThrow(error);
    expect(codes).toEqual([CONFIG_ERROR_EXIT_CODE]);
    expect(CONFIG_ERROR_EXIT_CODE).toBe(2);
    for (const issue of error.issues) expect(printed).toContain(`  - ${issue.path}: `);
    expect(printed).not.toContain('short');
  });

  it('rethrows anything else without exiting', () => {
    const bug = new TypeError('bug');
    const codes: number[] = [];
    expect(() => exitOnConfigError(bug, { write: () => true }, (code) => codes.push(code))).toThrow(bug);
    expect(codes).toEqual([]);
  });
});
