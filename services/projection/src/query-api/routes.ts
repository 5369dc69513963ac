import { z } from 'zod';
import * as s from './api-schemas';
import { dashboardSnapshot, withExposureRatio } from './dashboard-state';
import { correlationMatrix } from './correlation';
import { ProblemError } from './problem';
import { queryProblemTypes } from './problem';
import type { ReadSource, Source } from './read-source';
import { riskAttribution } from './risk-attribution';

export interface Answer {
  readonly body: unknown;
  readonly status?: number;
  /** Sent as `x-mast-source`: whether Redis or Postgres answered. */
  readonly source?: Source;
}

/** One GET endpoint: its path, what it takes (zod) and gives (zod), and how it answers. */
export interface RouteSpec<Q extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType> {
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly query: Q;
  readonly params?: P;
  readonly response: z.ZodType;
  readonly answer: (source: ReadSource, query: z.output<Q>, params: z.output<P>) => Promise<Answer>;
}

const route = <Q extends z.ZodType, P extends z.ZodType = z.ZodType>(spec: RouteSpec<Q, P>): RouteSpec => spec as unknown as RouteSpec;

export const API_PREFIX = '/api/v1';

/** Every read endpoint of the API, in the order the OpenAPI document lists them. */
export const ROUTES: readonly RouteSpec[] = [
  route({
    path: '/portfolio',
    operationId: 'getPortfolio',
    summary: 'Balance, equity, drawdown, exposure, trading state and size factor',
    tag: 'portfolio',
    query: s.emptyQuerySchema,
    response: s.portfolioSchema,
    answer: async (source) => {
      const { value, source: from } = await source.portfolio();
      return { body: withExposureRatio(value), source: from };
    },
  }),
  route({
    path: '/positions',
    operationId: 'listPositions',
    summary: 'Open positions, marked at the last price',
    tag: 'portfolio',
    query: s.emptyQuerySchema,
    response: z.array(s.positionSchema),
    answer: async (source) => {
      const { value, source: from } = await source.positions();
      return { body: value, source: from };
    },
  }),
  route({
    path: '/trades',
    operationId: 'listTrades',
    summary: 'Closed trades, newest first, paged by cursor; filter by symbol, exit reason and exit time',
    tag: 'trades',
    query: s.tradesQuerySchema,
    response: s.tradesPageSchema,
    answer: async (source, q: z.output<typeof s.tradesQuerySchema>) => ({ body: await source.model.trades(q) }),
  }),
  route({
    path: '/pnl/daily',
    operationId: 'listDailyPnl',
    summary: "P&L per UTC day and symbol, with the portfolio row (symbol '*')",
    tag: 'pnl',
    query: s.dayRangeQuerySchema,
    response: z.array(s.dailyPnlSchema),
    answer: async (source, q: z.output<typeof s.dayRangeQuerySchema>) => ({ body: await source.model.dailyPnl(q) }),
  }),
  route({
    path: '/pnl/symbols',
    operationId: 'listPnlBySymbol',
    summary: 'Trade count, wins, P&L and fees per symbol',
    tag: 'pnl',
    query: s.emptyQuerySchema,
    response: z.array(s.symbolPnlSchema),
    answer: async (source) => ({ body: await source.series.pnlBySymbol() }),
  }),
  route({
    path: '/rejections',
    operationId: 'listEntryRejections',
    summary: 'Entries risk rejected, per UTC day, symbol and reason',
    tag: 'pnl',
    query: s.dayRangeQuerySchema,
    response: z.array(s.entryRejectionSchema),
    answer: async (source, q: z.output<typeof s.dayRangeQuerySchema>) => ({ body: await source.model.entryRejections(q) }),
  }),
  route({
    path: '/cooldowns',
    operationId: 'listCooldowns',
    summary: 'Cooldowns per symbol (all, or those running at activeAt)',
    tag: 'risk',
    query: s.cooldownsQuerySchema,
    response: z.array(s.cooldownSchema),
    answer: async (source, q: z.output<typeof s.cooldownsQuerySchema>) => ({ body: await source.model.cooldowns(q.activeAt === undefined ? {} : { activeAt: q.activeAt }) }),
  }),
  route({
    path: '/risk',
    operationId: 'getRiskAttribution',
    summary: 'Risk per asset: exposure, loss at stop and its share, unrealized and realized P&L',
    tag: 'risk',
    query: s.emptyQuerySchema,
    response: s.riskAttributionSchema,
    answer: async (source) => {
      const [portfolio, positions, pnl, assets] = await Promise.all([source.portfolio(), source.positions(), source.series.pnlBySymbol(), source.model.assets()]);
      return { body: riskAttribution(portfolio.value, positions.value, pnl, assets.map((a) => a.symbol)) };
    },
  }),
  route({
    path: '/assets',
    operationId: 'listAssets',
    summary: 'Per symbol: last price, regime and indicators (EMAs, realized volatility, crosses)',
    tag: 'market',
    query: s.emptyQuerySchema,
    response: z.array(s.assetSchema),
    answer: async (source) => ({
      body: (await source.model.assets()).map((a) => ({
        symbol: a.symbol,
        lastPrice: a.lastPrice,
        lastCandleTs: a.lastCandleTs,
        regime: a.regime,
        regimeT: a.regimeT,
        emaFast: a.emaFast,
        emaSlow: a.emaSlow,
        rv: a.rv,
        crosses24h: a.crosses24h,
        indicatorsT: a.indicatorsT,
        lastCross: a.lastCross,
        lastCrossT: a.lastCrossT,
      })),
    }),
  }),
  route({
    path: '/assets/:symbol/series',
    operationId: 'getAssetSeries',
    summary: "A symbol's closes and both EMAs over time, downsampled to at most `points`",
    tag: 'market',
    query: s.seriesQuerySchema,
    params: s.symbolParamsSchema,
    response: z.array(s.assetPointSchema),
    answer: async (source, q: z.output<typeof s.seriesQuerySchema>, p: z.output<typeof s.symbolParamsSchema>) => {
      const points = await source.series.assetSeries(p.symbol, q);
      if (points.length === 0 && !(await source.model.assets()).some((a) => a.symbol === p.symbol)) {
        throw new ProblemError({ type: queryProblemTypes.notFound, title: 'Unknown symbol', status: 404, detail: `no candles of ${p.symbol} in the read model` });
      }
      return { body: points };
    },
  }),
  route({
    path: '/equity',
    operationId: 'getEquityCurve',
    summary: 'Equity, drawdown, balance and exposure as risk marked them, downsampled to at most `points`',
    tag: 'portfolio',
    query: s.seriesQuerySchema,
    response: z.array(s.equityPointSchema),
    answer: async (source, q: z.output<typeof s.seriesQuerySchema>) => ({ body: await source.series.equityCurve(q) }),
  }),
  route({
    path: '/correlations',
    operationId: 'getCorrelations',
    summary: 'Correlation of 1-minute log returns between assets over the last `minutes`',
    tag: 'market',
    query: s.correlationQuerySchema,
    response: s.correlationSchema,
    answer: async (source, q: z.output<typeof s.correlationQuerySchema>) => ({ body: { minutes: q.minutes, ...correlationMatrix(await source.series.recentCloses(q.minutes)) } }),
  }),
  route({
    path: '/events',
    operationId: 'listRecentEvents',
    summary: 'The newest events other than per-candle ones (signals, orders, fills, risk, controls, system)',
    tag: 'events',
    query: s.feedQuerySchema,
    response: z.array(s.eventSchema),
    answer: async (source, q: z.output<typeof s.feedQuerySchema>) => ({ body: await source.series.feed(q) }),
  }),
  route({
    path: '/trail/:correlationId',
    operationId: 'getEventTrail',
    summary: 'Why was this order placed: the event of that id and every event correlated to it, in causal order',
    tag: 'events',
    query: s.trailQuerySchema,
    params: s.correlationIdParamsSchema,
    response: z.array(s.trailEntrySchema),
    answer: async (source, q: z.output<typeof s.trailQuerySchema>, p: z.output<typeof s.correlationIdParamsSchema>) => {
      const trail = await source.model.trail(p.correlationId, q);
      if (trail.length === 0) throw new ProblemError({ type: queryProblemTypes.notFound, title: 'Unknown event', status: 404, detail: `no event ${p.correlationId} and none correlated to it` });
      return { body: trail };
    },
  }),
  route({
    path: '/dashboard',
    operationId: 'getDashboard',
    summary: 'Everything the dashboard shows, at once (what the live stream sends first)',
    tag: 'dashboard',
    query: s.emptyQuerySchema,
    response: z.object({}).passthrough(),
    answer: async (source) => ({ body: await dashboardSnapshot(source) }),
  }),
  route({
    path: '/health',
    operationId: 'getHealth',
    summary: 'Postgres and Redis reachable, and how far the read model got (checkpoints, newest candle)',
    tag: 'health',
    query: s.emptyQuerySchema,
    response: s.healthSchema,
    answer: async (source) => {
      const health = await source.health();
      return { body: health, status: health.status === 'down' ? 503 : 200 };
    },
  }),
];
