/** Public market endpoints: time, instruments-info, kline, tickers. */
import { BybitError, paramsError, RetCode } from '../exchange/bybit-error';
import type { Params } from '../exchange/order-request';
import { fmt } from '../decimal';
import { InstrumentStatus, type Instrument } from '../instruments';
import { tickerOf } from '../market/ticker';
import { msParam, page, type PublicRoute, type SimContext } from './route';

const CATEGORIES = ['linear', 'spot', 'inverse', 'option'];

/** Bybit defaults a missing category to linear on market endpoints; other categories list nothing here. */
function category(params: Params): string {
  const c = params['category'] ?? 'linear';
  if (typeof c !== 'string' || !CATEGORIES.includes(c)) throw paramsError(`category ${String(c)} is invalid`);
  return c;
}

function instrumentJson(inst: Instrument): Record<string, unknown> {
  const d = inst.def;
  return {
    symbol: d.symbol, contractType: 'LinearPerpetual', status: d.status, baseCoin: d.baseCoin, quoteCoin: 'USDT',
    launchTime: d.launchTime, deliveryTime: '0', deliveryFeeRate: '', priceScale: String(inst.priceDecimals),
    leverageFilter: { minLeverage: d.minLeverage, maxLeverage: d.maxLeverage, leverageStep: d.leverageStep },
    priceFilter: { minPrice: d.minPrice, maxPrice: d.maxPrice, tickSize: d.tickSize },
    lotSizeFilter: {
      maxOrderQty: d.maxOrderQty, minOrderQty: d.minOrderQty, qtyStep: d.qtyStep, postOnlyMaxOrderQty: d.maxOrderQty,
      maxMktOrderQty: d.maxMktOrderQty, minNotionalValue: d.minNotionalValue,
    },
    unifiedMarginTrade: true, fundingInterval: 480, settleCoin: 'USDT', copyTrading: 'both',
    upperFundingRate: '0.005', lowerFundingRate: '-0.005', isPreListing: false, preListingInfo: null,
    riskParameters: { priceLimitRatioX: '0.05', priceLimitRatioY: '0.1' }, displayName: '', symbolType: '',
  };
}

function knownSymbol(params: Params, ctx: SimContext): Instrument {
  const symbol = params['symbol'];
  if (typeof symbol !== 'string' || symbol === '') throw paramsError('symbol is required');
  const inst = ctx.instruments.get(symbol);
  if (!inst) throw new BybitError(RetCode.PARAMS, 'Not supported symbols');
  return inst;
}

export const marketRoutes: readonly PublicRoute[] = [
  {
    method: 'GET', path: '/v5/market/time', signed: false,
    handle: (_params, ctx) => {
      const now = ctx.now();
      return { timeSecond: String(Math.floor(now / 1000)), timeNano: (BigInt(now) * 1_000_000n).toString() };
    },
  },
  {
    method: 'GET', path: '/v5/market/instruments-info', signed: false,
    handle: (params, ctx) => {
      const cat = category(params);
      const status = params['status'] ?? InstrumentStatus.TRADING;
      const list = cat !== 'linear' ? [] : [...ctx.instruments.values()]
        .filter((i) => i.def.status === status)
        .filter((i) => params['symbol'] === undefined || i.symbol === params['symbol'])
        .filter((i) => params['baseCoin'] === undefined || i.def.baseCoin === params['baseCoin'])
        .map(instrumentJson);
      const paged = page(list, params, 500, 1000);
      return { category: cat, list: paged.list, nextPageCursor: paged.nextPageCursor };
    },
  },
  {
    method: 'GET', path: '/v5/market/kline', signed: false,
    handle: (params, ctx) => {
      const cat = category(params);
      const inst = knownSymbol(params, ctx);
      if (params['interval'] === undefined) throw paramsError('interval is required');
      if (params['interval'] !== '1') throw paramsError(`interval ${String(params['interval'])}: the simulator serves 1-minute candles only`);
      const rawLimit = params['limit'];
      const limit = rawLimit === undefined ? 200 : Number(rawLimit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw paramsError('limit must be an integer in [1, 1000]');
      const start = msParam(params, 'start');
      const end = msParam(params, 'end');
      const d = inst.priceDecimals;
      const list = ctx.market.klines(inst.symbol, { start, end, limit }).reverse().map((k) => [
        String(k.start), fmt(k.open, d), fmt(k.high, d), fmt(k.low, d), fmt(k.close, d),
        fmt(k.volume, inst.qtyDecimals), fmt(k.turnover, 4),
      ]);
      return { category: cat, symbol: inst.symbol, list };
    },
  },
  {
    method: 'GET', path: '/v5/market/tickers', signed: false,
    handle: (params, ctx) => {
      const cat = category(params);
      const insts = params['symbol'] === undefined ? [...ctx.instruments.values()] : [knownSymbol(params, ctx)];
      const list = cat !== 'linear' ? [] : insts.map((i) => tickerOf(ctx.market, i, ctx.fundingRate)).filter((t) => t !== undefined);
      return { category: cat, list };
    },
  },
];
