import { PER_CANDLE_TYPES } from '@mast/read-model';
import type { AssetPoint, AssetView, CooldownView, EquityPoint, FeedEntry, PortfolioView, PositionView, TradeView } from '@mast/read-model';
import { correlationMatrix, type CorrelationMatrix } from './correlation';
import type { ReadSource } from './read-source';
import { riskAttribution, type RiskAttribution } from './risk-attribution';

/** The portfolio as the API shows it: the read model's view plus exposure over equity. */
export type PortfolioAnswer = PortfolioView & { readonly exposureRatio: number | null };

export function withExposureRatio(portfolio: PortfolioView): PortfolioAnswer {
  const { equity, exposure } = portfolio;
  return { ...portfolio, exposureRatio: equity !== null && exposure !== null && equity > 0 ? exposure / equity : null };
}

/** What the dashboard shows, whole: sent when a browser connects. */
export interface DashboardSnapshot {
  readonly ns: string;
  readonly portfolio: PortfolioAnswer;
  readonly positions: PositionView[];
  readonly cooldowns: CooldownView[];
  readonly assets: AssetView[];
  readonly trades: TradeView[];
  readonly equity: EquityPoint[];
  readonly series: Record<string, AssetPoint[]>;
  readonly feed: FeedEntry[];
  readonly risk: RiskAttribution;
  readonly correlation: CorrelationMatrix & { readonly minutes: number };
}

/** What changed since the last update: whole small parts again, new points and events only. */
export interface DashboardUpdate {
  readonly portfolio: PortfolioAnswer;
  readonly positions: PositionView[];
  readonly cooldowns: CooldownView[];
  readonly assets: AssetView[];
  readonly risk: RiskAttribution;
  /** The newest trades again when execution's stream moved. */
  readonly trades?: TradeView[];
  readonly correlation?: CorrelationMatrix & { readonly minutes: number };
  readonly equity: EquityPoint[];
  readonly series: Record<string, AssetPoint[]>;
  /** New non-candle events, oldest first. */
  readonly feed: FeedEntry[];
}

export const DASHBOARD_TRADES = 50;
export const DASHBOARD_FEED = 50;
export const CORRELATION_MINUTES = 240;
const EQUITY_POINTS = 600;
const ASSET_POINTS = 400;
/** Points per update at most: a fast replay marks thousands of candles a second, a chart needs a few. */
const MAX_POINTS_PER_UPDATE = 120;

/** Every `k`-th item and always the last, so a burst keeps its shape and its latest value. */
export function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  const out: T[] = [];
  for (let i = 0; i < max - 1; i++) out.push(items[Math.floor(i * step)]!);
  out.push(items[items.length - 1]!);
  return out;
}

async function common(source: ReadSource) {
  const [portfolio, positions, cooldowns, assets, pnl] = await Promise.all([source.portfolio(), source.positions(), source.model.cooldowns(), source.model.assets(), source.series.pnlBySymbol()]);
  return {
    portfolio: withExposureRatio(portfolio.value),
    positions: positions.value,
    cooldowns,
    assets,
    risk: riskAttribution(portfolio.value, positions.value, pnl, assets.map((a) => a.symbol)),
  };
}

async function correlation(source: ReadSource) {
  return { minutes: CORRELATION_MINUTES, ...correlationMatrix(await source.series.recentCloses(CORRELATION_MINUTES)) };
}

export async function dashboardSnapshot(source: ReadSource): Promise<DashboardSnapshot> {
  const [base, trades, equity, feed, corr] = await Promise.all([
    common(source),
    source.model.trades({ limit: DASHBOARD_TRADES }),
    source.series.equityCurve({ points: EQUITY_POINTS }),
    source.series.feed({ limit: DASHBOARD_FEED }),
    correlation(source),
  ]);
  const series: Record<string, AssetPoint[]> = {};
  for (const asset of base.assets) series[asset.symbol] = await source.series.assetSeries(asset.symbol, { points: ASSET_POINTS });
  return { ns: source.ns, ...base, trades: [...trades.items], equity, series, feed, correlation: corr };
}

const perCandle = new Set<string>(PER_CANDLE_TYPES);

/** An update from the trail rows that arrived since the last one. */
export async function dashboardUpdate(source: ReadSource, rows: readonly FeedEntry[], options: { readonly withCorrelation: boolean }): Promise<DashboardUpdate> {
  const marks: EquityPoint[] = [];
  const points: Record<string, AssetPoint[]> = {};
  const feed: FeedEntry[] = [];
  let execMoved = false;
  for (const row of rows) {
    if (row.stream.endsWith('_EXEC')) execMoved = true;
    if (row.type === 'PortfolioMarked') {
      const d = row.data as { equity: number; drawdown: number; balance: number; exposure: number };
      marks.push({ t: row.ts, equity: d.equity, drawdown: d.drawdown, balance: d.balance, exposure: d.exposure });
    } else if (row.type === 'CandleAssessed' && row.symbol) {
      const d = row.data as { candle: { close: number }; indicators: { emaFast: number | null; emaSlow: number | null } };
      (points[row.symbol] ??= []).push({ t: row.ts, close: d.candle.close, emaFast: d.indicators.emaFast, emaSlow: d.indicators.emaSlow });
    } else if (!perCandle.has(row.type)) {
      feed.push(row);
    }
  }
  marks.sort((a, b) => a.t - b.t);
  const series: Record<string, AssetPoint[]> = {};
  for (const [symbol, list] of Object.entries(points)) series[symbol] = thin(list, MAX_POINTS_PER_UPDATE);
  const [base, trades, corr] = await Promise.all([
    common(source),
    execMoved ? source.model.trades({ limit: DASHBOARD_TRADES }) : null,
    options.withCorrelation ? correlation(source) : null,
  ]);
  feed.sort((a, b) => a.ts - b.ts);
  return {
    ...base,
    ...(trades ? { trades: [...trades.items] } : {}),
    ...(corr ? { correlation: corr } : {}),
    equity: thin(marks, MAX_POINTS_PER_UPDATE),
    series,
    feed: feed.slice(-DASHBOARD_FEED),
  };
}
