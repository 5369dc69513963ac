import type { ConfigError } from './strategy-config';
import { DEFAULT_STRATEGY_CONFIG, deepMerge, isConfigError, resolveStrategyConfig, strategyConfigSchema } from './strategy-config';

function configError(override: unknown, source?: string): ConfigError {
  try {
    resolveStrategyConfig(override, source);
  } catch (error) {
    if (isConfigError(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveStrategyConfig', () => {
  it('gives the defaults of STRATEGY.md for an empty override, and they pass the schema', () => {
    expect(resolveStrategyConfig()).toEqual(DEFAULT_STRATEGY_CONFIG);
    expect(resolveStrategyConfig(null)).toEqual(DEFAULT_STRATEGY_CONFIG);
    expect(strategyConfigSchema.safeParse(DEFAULT_STRATEGY_CONFIG).success).toBe(true);
  });

  it('merges objects key by key', () => {
    const config = resolveStrategyConfig({ ema: { fast: 100 }, risk: { drawdown: { haltAt: 0.25 } } });
    expect(config.ema).toEqual({ fast: 100, slow: DEFAULT_STRATEGY_CONFIG.ema.slow });
    expect(config.risk.drawdown).toEqual({ ...DEFAULT_STRATEGY_CONFIG.risk.drawdown, haltAt: 0.25 });
    expect(config.risk.dailyLossLimit).toBe(DEFAULT_STRATEGY_CONFIG.risk.dailyLossLimit);
  });

  it('replaces arrays instead of merging them', () => {
    const config = resolveStrategyConfig({ symbols: ['SOLUSDT'], exits: { onRegime: ['VOLATILE'] } });
    expect(config.symbols).toEqual(['SOLUSDT']);
    expect(config.exits.onRegime).toEqual(['VOLATILE']);
    expect(resolveStrategyConfig({ exits: { onRegime: [] } }).exits.onRegime).toEqual([]);
  });

  it('names every bad field at once, with what was given', () => {
    const error = configError({ ema: { fast: 0 }, sizing: { allocation: 2 }, risk: { drawdown: { haltAt: 'high' } }, fees: { taker: -1 } });
    expect(error.issues.map((i) => i.path).sort()).toEqual(['ema.fast', 'fees.taker', 'risk.drawdown.haltAt', 'sizing.allocation']);
    expect(error.issues.find((i) => i.path === 'sizing.allocation')?.message).toContain('was 2');
    for (const path of ['ema.fast', 'fees.taker', 'risk.drawdown.haltAt', 'sizing.allocation']) expect(error.message).toContain(`  - ${path}: `);
  });

  it('refuses unknown keys at any depth, by their full path', () => {
    const error = configError({ emaa: { fast: 1 }, risk: { drawdown: { haltAtt: 0.3 } }, cooldowns: { daily: { maxTrade: 3 } } });
    expect(error.issues.map((i) => i.path).sort()).toEqual(['cooldowns.daily.maxTrade', 'emaa', 'risk.drawdown.haltAtt']);
    expect(error.issues.every((i) => i.message.startsWith('unknown key'))).toBe(true);
  });

  it('needs an instrument for every symbol, and no symbol twice', () => {
    expect(configError({ symbols: ['BTCUSDT', 'XRPUSDT'] }).issues).toEqual([{ path: 'symbols.1', message: expect.stringContaining('XRPUSDT has no entry in instruments') }]);
    expect(configError({ symbols: ['BTCUSDT', 'BTCUSDT'] }).issues.map((i) => i.path)).toEqual(['symbols']);
    const added = resolveStrategyConfig({ symbols: ['XRPUSDT'], instruments: { XRPUSDT: { qtyStep: 1, minQty: 1 } } });
    expect(Object.keys(added.instruments).sort()).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT']);
  });

  it('refuses a config that is not an object of keys, naming the file', () => {
    const error = configError(['ema'], 'config/live.yaml');
    expect(error.issues).toEqual([{ path: '', message: 'a config must be an object of keys' }]);
    expect(error.message).toContain('config/live.yaml');
    expect(error.name).toBe('ConfigError');
    expect(isConfigError(new Error('x'))).toBe(false);
  });
});

describe('deepMerge', () => {
  it('leaves the base untouched and keeps base values the override leaves undefined', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 'x' };
    const merged = deepMerge(base, { a: { c: [3] }, d: undefined });
    expect(merged).toEqual({ a: { b: 1, c: [3] }, d: 'x' });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 'x' });
  });

  it('lets a scalar replace an object and an object replace a scalar', () => {
    expect(deepMerge({ a: { b: 1 } }, { a: 5 })).toEqual({ a: 5 });
    expect(deepMerge({ a: 5 }, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
  });
});
