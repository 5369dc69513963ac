import { EXIT_REASONS } from '@mast/contracts';
import { z } from 'zod';

/**
 * What the query API takes and gives, in zod: requests are parsed with these (every bad field
 * named in one problem+json 400), and the OpenAPI document is generated from the same schemas,
 * so the document cannot drift from what the code accepts.
 */

const epochMs = z.coerce.number().int().min(0).max(8_640_000_000_000_000);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a UTC day YYYY-MM-DD');
const symbol = z.string().regex(/^[A-Z0-9]{2,30}$/, 'must be an upper-case symbol like BTCUSDT');

export const tradesQuerySchema = z.strictObject({
  symbol: symbol.optional(),
  reason: z.enum(EXIT_REASONS).optional(),
  from: epochMs.optional().describe('exit time from, inclusive (epoch ms)'),
  to: epochMs.optional().describe('exit time to, exclusive (epoch ms)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export const dayRangeQuerySchema = z.strictObject({
  from: day.default('1970-01-01'),
  to: day.default('9999-12-31'),
  symbol: z.union([symbol, z.literal('*')]).optional().describe("a symbol, or '*' for the portfolio rows only"),
});

export const cooldownsQuerySchema = z.strictObject({
  activeAt: epochMs.optional().describe('only cooldowns still running at this time (epoch ms)'),
});

export const seriesQuerySchema = z.strictObject({
  from: epochMs.optional(),
  to: epochMs.optional(),
  points: z.coerce.number().int().min(2).max(5000).default(500),
});

export const feedQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) });
export const trailQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(10_000).default(1000) });
export const correlationQuerySchema = z.strictObject({
  minutes: z.coerce.number().int().min(10).max(10_080).default(240).describe('window of 1-minute returns'),
});
export const symbolParamsSchema = z.strictObject({ symbol });
export const correlationIdParamsSchema = z.strictObject({ correlationId: z.string().min(1).max(200) });
export const emptyQuerySchema = z.strictObject({});

const num = z.number();
const numOrNull = z.number().nullable();

export const portfolioSchema = z.object({
  state: z.string(),
  halted: z.boolean(),
  stateT: numOrNull,
  drawdown: numOrNull,
  equity: numOrNull,
  peak: numOrNull,
  exposure: numOrNull.describe('open notional at entry prices'),
  exposureRatio: numOrNull.describe('exposure over equity'),
  riskBalance: numOrNull,
  equityT: numOrNull,
  blockedUntil: numOrNull,
  sizeFactor: num,
  dailyLossLocked: z.boolean(),
  dailyLossDay: numOrNull,
  dayStartEquity: numOrNull,
  balance: numOrNull,
  balanceEquity: numOrNull,
  balanceTs: numOrNull,
  trades: num,
  wins: num,
  realizedPnl: num,
  fees: num,
  openPositions: num,
});

export const positionSchema = z.object({
  symbol: z.string(),
  entryT: num,
  crossT: num,
  entryPrice: num,
  qty: num,
  entryFee: num,
  takeProfit: num,
  stopLoss: num,
  sizeFactor: num,
  eventId: z.string(),
  lastPrice: numOrNull,
  unrealizedPnl: numOrNull,
});

export const tradeSchema = z.object({
  eventId: z.string(),
  seq: num,
  symbol: z.string(),
  entryTs: num,
  entryPrice: num,
  exitTs: num,
  exitPrice: num,
  qty: num,
  reason: z.string(),
  fees: num,
  pnl: num,
});
export const tradesPageSchema = z.object({ items: z.array(tradeSchema), nextCursor: z.string().nullable() });

export const dailyPnlSchema = z.object({
  day: z.string(),
  symbol: z.string(),
  trades: num,
  wins: num,
  pnl: num,
  fees: num,
  drawdownMax: numOrNull,
  equityLast: numOrNull,
  balanceLast: numOrNull,
  lossLocked: z.boolean(),
});
export const symbolPnlSchema = z.object({ symbol: z.string(), trades: num, wins: num, pnl: num, fees: num });
export const cooldownSchema = z.object({ symbol: z.string(), until: num, rule: z.string(), since: num });
export const entryRejectionSchema = z.object({ day: z.string(), symbol: z.string(), reason: z.string(), count: num });

export const assetSchema = z.object({
  symbol: z.string(),
  lastPrice: numOrNull,
  lastCandleTs: numOrNull,
  regime: z.string().nullable(),
  regimeT: numOrNull,
  emaFast: numOrNull,
  emaSlow: numOrNull,
  rv: numOrNull,
  crosses24h: numOrNull,
  indicatorsT: numOrNull,
  lastCross: z.string().nullable(),
  lastCrossT: numOrNull,
});

export const equityPointSchema = z.object({ t: num, equity: num, drawdown: num, balance: num, exposure: num });
export const assetPointSchema = z.object({ t: num, close: num, emaFast: numOrNull, emaSlow: numOrNull });

export const eventSchema = z.object({
  stream: z.string(),
  seq: num,
  eventId: z.string(),
  type: z.string(),
  ts: num,
  symbol: z.string().nullable(),
  source: z.string(),
  correlationId: z.string().nullable(),
  data: z.unknown(),
});
export const trailEntrySchema = eventSchema.extend({ v: num, tsInit: numOrNull, causationId: z.string().nullable() });

export const correlationSchema = z.object({
  minutes: num,
  symbols: z.array(z.string()),
  matrix: z.array(z.array(numOrNull)),
  pairs: z.array(z.array(num)),
});

export const riskAttributionSchema = z.object({
  equity: numOrNull,
  totalNotional: num,
  totalRiskAtStop: num,
  assets: z.array(
    z.object({ symbol: z.string(), notional: num, exposureRatio: num, riskAtStop: num, riskShare: num, unrealizedPnl: numOrNull, realizedPnl: num, trades: num }),
  ),
});

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
  readModel: z.object({
    schema: z.string(),
    checkpoints: z.record(z.string(), num).describe('last stream sequence applied, per stream'),
    lastCandleTs: numOrNull.describe('open time of the newest candle in the read model'),
  }).nullable(),
});

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: num,
  detail: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
