import type { MarketInterface } from 'ccxt';
import { z } from 'zod';
import { ExchangeError } from '../errors/bybit-errors';
import type { RawExecution, RawOrder, RawPosition } from './response-schemas';
import type { walletSchema } from './response-schemas';
import type { ExchangeOrder, Execution, Instrument, Position, WalletBalance } from './rest-types';

const positive = z.number().positive();
const optionalPositive = z.number().positive().optional();
const lotSize = z.object({ maxMktOrderQty: z.union([z.string(), z.number()]).optional() }).optional();
const leverageFilter = z.object({ maxLeverage: z.union([z.string(), z.number()]).optional() }).optional();
const marketInfo = z.object({ symbol: z.string(), lotSizeFilter: lotSize, leverageFilter, launchTime: z.union([z.string(), z.number()]).optional() });

const toOptionalNumber = (v: string | number | undefined): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/**
 * ccxt runs bybit in TICK_SIZE precision mode, so `precision.amount` is qtyStep and
 * `precision.price` is tickSize; `limits.cost.min` is minNotionalValue (BYBIT_V5.md §4.3).
 */
export function toInstrument(market: MarketInterface): Instrument {
  const info = marketInfo.parse(market.info);
  return {
    symbol: info.symbol,
    qtyStep: positive.parse(market.precision.amount),
    minQty: positive.parse(market.limits.amount?.min),
    maxMarketQty: toOptionalNumber(info.lotSizeFilter?.maxMktOrderQty),
    tickSize: positive.parse(market.precision.price),
    minNotional: optionalPositive.parse(market.limits.cost?.min ?? undefined),
    maxLeverage: toOptionalNumber(info.leverageFilter?.maxLeverage),
    launchTime: toOptionalNumber(info.launchTime),
  };
}

export function toExchangeOrder(o: RawOrder): ExchangeOrder {
  const feeFromDetail = o.cumFeeDetail === undefined ? undefined : toOptionalNumber(o.cumFeeDetail['USDT']);
  return {
    orderId: o.orderId,
    orderLinkId: o.orderLinkId,
    symbol: o.symbol,
    side: o.side,
    orderType: o.orderType,
    status: o.orderStatus,
    qty: o.qty,
    filledQty: o.cumExecQty,
    avgPrice: o.avgPrice === 0 ? undefined : o.avgPrice,
    fee: o.cumExecFee ?? feeFromDetail,
    reduceOnly: o.reduceOnly,
    takeProfit: o.takeProfit,
    stopLoss: o.stopLoss,
    rejectReason: o.rejectReason,
    createdTime: o.createdTime,
    updatedTime: o.updatedTime,
  };
}

export function toExecution(e: RawExecution): Execution {
  return {
    execId: e.execId,
    orderId: e.orderId,
    orderLinkId: e.orderLinkId,
    symbol: e.symbol,
    side: e.side,
    execType: e.execType,
    price: e.execPrice,
    qty: e.execQty,
    value: e.execValue,
    fee: e.execFee,
    feeRate: e.feeRate,
    isMaker: e.isMaker,
    closedSize: e.closedSize,
    execPnl: e.execPnl,
    ts: e.execTime,
  };
}

export function toPosition(p: RawPosition): Position {
  return {
    symbol: p.symbol,
    side: p.side === '' || p.size === 0 ? undefined : p.side,
    size: p.size,
    avgPrice: p.avgPrice,
    leverage: p.leverage,
    markPrice: p.markPrice,
    liqPrice: p.liqPrice,
    unrealisedPnl: p.unrealisedPnl,
    cumRealisedPnl: p.cumRealisedPnl,
    takeProfit: p.takeProfit,
    stopLoss: p.stopLoss,
    updatedTime: p.updatedTime,
  };
}

export function toWalletBalance(w: z.infer<typeof walletSchema>): WalletBalance {
  const account = w.list.find((a) => a.accountType === 'UNIFIED') ?? w.list[0];
  const usdt = account?.coin.find((c) => c.coin === 'USDT');
  if (account === undefined || usdt === undefined) throw new ExchangeError('wallet-balance: no UNIFIED account with a USDT coin entry');
  return {
    totalEquity: account.totalEquity,
    totalWalletBalance: account.totalWalletBalance,
    totalAvailableBalance: account.totalAvailableBalance,
    usdt: {
      walletBalance: usdt.walletBalance,
      equity: usdt.equity,
      unrealisedPnl: usdt.unrealisedPnl,
      cumRealisedPnl: usdt.cumRealisedPnl,
      locked: usdt.locked,
      positionIM: usdt.totalPositionIM,
      orderIM: usdt.totalOrderIM,
    },
  };
}
