import { z } from 'zod';

/**
 * The configuration keys of STRATEGY.md, with their defaults. Every object is strict, so an
 * unknown key is an error naming its path; every number has the range that keeps the rules
 * meaningful (a stop-loss of -3% or an EMA of 0.5 candles is a typo, not a strategy).
 */
const positiveInt = z.number().int().positive();
const fraction = z.number().gt(0).lt(1);
const nonNegative = z.number().nonnegative();
const minutes = z.number().int().nonnegative();
const symbolName = z.string().regex(/^[A-Z0-9]{2,20}USDT$/, 'must be a USDT linear perpetual symbol such as BTCUSDT');

export const REGIMES = ['WARMUP', 'VOLATILE', 'CHOPPY', 'QUIET', 'ACTIVE'] as const;
export const regimeSchema = z.enum(REGIMES);
export type Regime = z.infer<typeof regimeSchema>;

const instrumentSchema = z.strictObject({
  qtyStep: z.number().positive(),
  minQty: z.number().positive(),
});
export type InstrumentSpec = z.infer<typeof instrumentSchema>;

const cooldownRule = <K extends string>(countKey: K) =>
  z.strictObject({ [countKey]: positiveInt, pauseMinutes: minutes } as { [P in K]: typeof positiveInt } & { pauseMinutes: typeof minutes });

export const strategyConfigSchema = z
  .strictObject({
    symbols: z.array(symbolName).min(1).refine((s) => new Set(s).size === s.length, 'symbols must not repeat'),
    initialBalance: z.number().positive(),
    ema: z.strictObject({ fast: positiveInt, slow: positiveInt }),
    entry: z.strictObject({ windowMinutes: minutes, maxCrosses24h: z.number().int().nonnegative() }),
    regime: z.strictObject({
      volWindow: z.number().int().min(2),
      quietBelow: nonNegative,
      volatileAbove: z.number().positive(),
    }),
    sizing: z.strictObject({ allocation: z.number().gt(0).max(1), leverage: z.number().positive().max(100) }),
    exits: z.strictObject({
      takeProfit: fraction,
      stopLoss: z.number().positive(),
      maxHoldMinutes: positiveInt,
      onRegime: z.array(regimeSchema),
    }),
    risk: z.strictObject({
      dailyLossLimit: fraction,
      maxExposure: z.number().positive(),
      drawdown: z.strictObject({
        reduceAt: fraction,
        reduceFactor: z.number().gt(0).max(1),
        blockAt: fraction,
        blockMinutes: minutes,
        haltAt: fraction,
      }),
    }),
    cooldowns: z.strictObject({
      quickExit: z.strictObject({ holdBelowMinutes: minutes, pauseMinutes: minutes }),
      lossStreak: cooldownRule('losses'),
      hourly: cooldownRule('maxTrades'),
      daily: cooldownRule('maxTrades'),
    }),
    fees: z.strictObject({ taker: z.number().nonnegative().lt(0.01) }),
    slippageBps: z.number().nonnegative().lt(10_000),
    instruments: z.record(symbolName, instrumentSchema),
  })
  .superRefine((config, ctx) => {
    config.symbols.forEach((symbol, index) => {
      if (!config.instruments[symbol]) {
        ctx.addIssue({ code: 'custom', path: ['symbols', index], message: `${symbol} has no entry in instruments (qtyStep, minQty)` });
      }
    });
  });

export type StrategyConfig = z.infer<typeof strategyConfigSchema>;

export const DEFAULT_STRATEGY_CONFIG: StrategyConfig = Object.freeze({
  symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
  initialBalance: 10_000,
  ema: { fast: 240, slow: 600 },
  entry: { windowMinutes: 15, maxCrosses24h: 12 },
  regime: { volWindow: 60, quietBelow: 0.0015, volatileAbove: 0.03 },
  sizing: { allocation: 0.07, leverage: 10 },
  exits: { takeProfit: 0.06, stopLoss: 0.015, maxHoldMinutes: 1440, onRegime: ['VOLATILE', 'CHOPPY'] },
  risk: {
    dailyLossLimit: 0.05,
    maxExposure: 2.1,
    drawdown: { reduceAt: 0.1, reduceFactor: 0.5, blockAt: 0.15, blockMinutes: 1440, haltAt: 0.2 },
  },
  cooldowns: {
    quickExit: { holdBelowMinutes: 60, pauseMinutes: 60 },
    lossStreak: { losses: 3, pauseMinutes: 120 },
    hourly: { maxTrades: 5, pauseMinutes: 30 },
    daily: { maxTrades: 10, pauseMinutes: 240 },
  },
  fees: { taker: 0.00055 },
  slippageBps: 0,
  instruments: {
    BTCUSDT: { qtyStep: 0.001, minQty: 0.001 },
    ETHUSDT: { qtyStep: 0.01, minQty: 0.01 },
    SOLUSDT: { qtyStep: 0.1, minQty: 0.1 },
  },
}) as StrategyConfig;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; arrays and scalars in the override replace the base (STRATEGY.md). */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
  return merged;
}

export interface ConfigIssue {
  /** Dotted path of the bad field, e.g. `risk.drawdown.haltAt`. */
  readonly path: string;
  readonly message: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly issues: readonly ConfigIssue[], readonly source?: string) {
    super(`invalid config${source ? ` in ${source}` : ''}:\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}

/** Turns zod issues into one line per bad field, saying what was wrong and what was given. */
export function toConfigIssues(error: z.ZodError, input: unknown): ConfigIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys;
      return { path: [path, ...keys].filter(Boolean).join('.'), message: `unknown key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}` };
    }
    const given = issue.path.reduce<unknown>((node, key) => (isPlainObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key as string] : undefined), input);
    if (given !== undefined && issue.code !== 'custom') message += `, was ${JSON.stringify(given)}`;
    return { path, message };
  });
}

/**
 * Deep-merges an override (parsed JSON or YAML) over the defaults and validates the result.
 * Throws a ConfigError listing every bad field at once.
 */
export function resolveStrategyConfig(override: unknown = {}, source?: string): StrategyConfig {
  if (override !== undefined && override !== null && !isPlainObject(override)) {
    throw new ConfigError([{ path: '', message: 'a config must be an object of keys' }], source);
  }
  const merged = deepMerge(DEFAULT_STRATEGY_CONFIG, override ?? {});
  const parsed = strategyConfigSchema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(toConfigIssues(parsed.error, merged), source);
  return parsed.data;
}
