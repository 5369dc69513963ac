/**
 * The `tickers` record (BYBIT_V5.md §5) of a symbol at the market's current point. Mark and
 * index equal the last price; the book is one tick wide around it (bid = last).
 */
import { fmt } from '../decimal';
import type { Instrument } from '../instruments';
import type { Market } from './market';

const FUNDING_INTERVAL_MS = 8 * 3_600_000;

export type TickerRecord = Record<string, string>;

export function tickerOf(market: Market, inst: Instrument, fundingRate: number): TickerRecord | undefined {
  const last = market.price(inst.symbol);
  if (last === undefined) return undefined;
  const d = inst.priceDecimals;
  const stats = market.stats24h(inst.symbol);
  const prev = stats?.prevPrice ?? last;
  const now = market.now();
  return {
    symbol: inst.symbol,
    tickDirection: 'ZeroPlusTick',
    price24hPcnt: fmt(prev > 0 ? (last - prev) / prev : 0, 6),
    lastPrice: last.toFixed(d),
    prevPrice24h: prev.toFixed(d),
    highPrice24h: (stats?.high ?? last).toFixed(d),
    lowPrice24h: (stats?.low ?? last).toFixed(d),
    prevPrice1h: (market.openAt(inst.symbol, now - 3_600_000) ?? prev).toFixed(d),
    markPrice: last.toFixed(d),
    indexPrice: last.toFixed(d),
    openInterest: '0',
    openInterestValue: '0',
    turnover24h: fmt(stats?.turnover ?? 0, 4),
    volume24h: fmt(stats?.volume ?? 0, inst.qtyDecimals),
    nextFundingTime: String((Math.floor(now / FUNDING_INTERVAL_MS) + 1) * FUNDING_INTERVAL_MS),
    fundingRate: fmt(fundingRate, 8),
    fundingIntervalHour: '8',
    fundingCap: '0.005',
    bid1Price: last.toFixed(d),
    bid1Size: '1',
    ask1Price: (last + inst.tickSize).toFixed(d),
    ask1Size: '1',
    basis: '',
    basisRate: '',
    deliveryTime: '',
    deliveryFeeRate: '',
    predictedDeliveryPrice: '',
  };
}

/** The fields of `next` that differ from `previous`: a tickers delta. */
export function tickerDelta(previous: TickerRecord, next: TickerRecord): TickerRecord {
  const delta: TickerRecord = { symbol: next['symbol'] ?? '' };
  for (const [k, v] of Object.entries(next)) if (previous[k] !== v) delta[k] = v;
  return delta;
}
