import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigError } from '@mast/contracts';
import { DEFAULT_STRATEGY_CONFIG, isConfigError } from '@mast/contracts';
import { parseConfigText, readConfigFile, resolveRunConfig } from './config-file';

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (isConfigError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mast-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads YAML and JSON into the same override', async () => {
    await writeFile(join(dir, 'a.yaml'), 'exits:\n  stopLoss: 0.02\nsymbols: [BTCUSDT, ETHUSDT]\n');
    await writeFile(join(dir, 'a.json'), '{"exits": {"stopLoss": 0.02}, "symbols": ["BTCUSDT", "ETHUSDT"]}');
    const yaml = await readConfigFile(join(dir, 'a.yaml'));
    expect(yaml).toEqual(await readConfigFile(join(dir, 'a.json')));
    const config = resolveRunConfig(yaml, 'a.yaml');
    expect(config.exits.stopLoss).toBe(0.02);
    expect(config.exits.takeProfit).toBe(DEFAULT_STRATEGY_CONFIG.exits.takeProfit);
    expect(config.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
  });

  it('names the file and the line of a syntax error', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{\n  "exits": {"stopLoss": 0.02,,}\n}\n');
    const error = await readConfigFile(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isConfigError(error)).toBe(true);
    expect((error as ConfigError).message).toContain(file);
    expect((error as ConfigError).message).toMatch(/syntax error at line 2/);
  });

  it('reports a missing file', async () => {
    await expect(readConfigFile(join(dir, 'none.yaml'))).rejects.toThrow(/config file not found/);
  });
});

describe('resolveRunConfig', () => {
  it('lists every bad field at once', () => {
    const error = configError(() => resolveRunConfig(parseConfigText('exits:\n  stopLos: 0.02\nfees:\n  taker: -1\n', 'c.yaml'), 'c.yaml'));
    const paths = error.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['exits.stopLos', 'fees.taker']));
    expect(error.message).toContain('c.yaml');
  });

  it('--symbols replaces the symbols of the file and the defaults', () => {
    expect(resolveRunConfig(undefined, undefined, ['SOLUSDT', 'BTCUSDT']).symbols).toEqual(['SOLUSDT', 'BTCUSDT']);
    expect(resolveRunConfig({ symbols: ['BTCUSDT'] }, 'c.yaml', ['ETHUSDT']).symbols).toEqual(['ETHUSDT']);
  });

  it('--symbols needs an instruments entry for each symbol, from the defaults or the file', () => {
    const error = configError(() => resolveRunConfig(undefined, undefined, ['BTCUSDT', 'XRPUSDT']));
    expect(error.issues).toEqual([expect.objectContaining({ path: 'symbols.1', message: expect.stringMatching(/XRPUSDT has no entry in instruments/) })]);
    expect(error.message).toContain('--symbols');
    const withInstrument = resolveRunConfig({ instruments: { XRPUSDT: { qtyStep: 1, minQty: 1 } } }, 'c.yaml', ['BTCUSDT', 'XRPUSDT']);
    expect(withInstrument.symbols).toEqual(['BTCUSDT', 'XRPUSDT']);
  });
});
