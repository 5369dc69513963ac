/**
 * Records as Bybit writes them (BYBIT_V5.md §4.3 and §6): numbers as strings except the fields
 * Bybit sends as numbers or booleans. REST and WS share one shape per record (the WS fields are
 * a superset), except positions: REST says `avgPrice`, WS says `entryPrice`.
 */
import { fmt } from '../decimal';
import type { Instrument } from '../instruments';
import type { Account, PriceOf } from './account';
import { positionIM, positionMM, unrealisedPnl } from './margin';
import type { ExecutionRecord, OrderRecord, PositionRecord } from './records';

export type Json = Record<string, unknown>;

const money = (v: number): string => fmt(v, 8);
const priceStr = (v: number, inst: Instrument | undefined): string => (v === 0 ? '0' : fmt(v, Math.max(inst?.priceDecimals ?? 8, 0)));
/** TP/SL levels: Bybit's unified account writes "" when none is set. */
const levelStr = (v: number, inst: Instrument | undefined): string => (v === 0 ? '' : priceStr(v, inst));
const qtyStr = (v: number, inst: Instrument | undefined): string => fmt(v, inst?.qtyDecimals ?? 8);

export function orderJson(o: OrderRecord, inst: Instrument | undefined): Json {
  const leaves = o.orderStatus === 'New' || o.orderStatus === 'PartiallyFilled' ? o.qty - o.cumExecQty : 0;
  return {
    category: 'linear', symbol: o.symbol, orderId: o.orderId, orderLinkId: o.orderLinkId, blockTradeId: '',
    side: o.side, orderType: o.orderType, price: '0', qty: qtyStr(o.qty, inst), timeInForce: 'IOC',
    orderStatus: o.orderStatus, cancelType: 'UNKNOWN', rejectReason: 'EC_NoError',
    reduceOnly: o.reduceOnly, closeOnTrigger: o.closeOnTrigger, positionIdx: 0, isLeverage: '',
    leavesQty: qtyStr(leaves, inst), leavesValue: money(leaves * o.avgPrice),
    cumExecQty: qtyStr(o.cumExecQty, inst), cumExecValue: money(o.cumExecValue), cumExecFee: money(o.cumExecFee),
    cumFeeDetail: o.cumExecFee === 0 ? {} : { USDT: money(o.cumExecFee) },
    avgPrice: o.cumExecQty === 0 ? '' : fmt(o.avgPrice, 8), closedPnl: money(o.closedPnl),
    triggerPrice: priceStr(o.triggerPrice, inst), triggerDirection: o.triggerDirection, triggerBy: o.triggerPrice ? 'LastPrice' : '',
    takeProfit: levelStr(o.takeProfit, inst), stopLoss: levelStr(o.stopLoss, inst),
    tpTriggerBy: o.takeProfit ? 'LastPrice' : '', slTriggerBy: o.stopLoss ? 'LastPrice' : '',
    tpslMode: o.takeProfit || o.stopLoss || o.stopOrderType ? 'Full' : '', stopOrderType: o.stopOrderType,
    tpLimitPrice: '0', slLimitPrice: '0', orderIv: '', placeType: '', smpType: 'None', smpGroup: 0, smpOrderId: '',
    createType: o.createType, feeCurrency: '', marketUnit: '', slippageToleranceType: 'UNKNOWN', slippageTolerance: '0',
    lastPriceOnCreated: '', createdTime: String(o.createdTime), updatedTime: String(o.updatedTime),
  };
}

export function executionJson(e: ExecutionRecord, inst: Instrument | undefined): Json {
  return {
    category: 'linear', symbol: e.symbol, orderId: e.orderId, orderLinkId: e.orderLinkId, side: e.side,
    orderType: e.orderType, orderPrice: priceStr(e.orderPrice, inst), orderQty: qtyStr(e.orderQty, inst),
    leavesQty: qtyStr(e.leavesQty, inst), createType: e.createType, stopOrderType: e.stopOrderType,
    execId: e.execId, execPrice: priceStr(e.execPrice, inst), execQty: qtyStr(e.execQty, inst),
    execValue: money(e.execValue), execFee: money(e.execFee), feeRate: fmt(e.feeRate, 8), feeCurrency: 'USDT',
    execType: e.execType, execTime: String(e.execTime), isMaker: false, closedSize: qtyStr(e.closedSize, inst),
    execPnl: money(e.execPnl), markPrice: priceStr(e.markPrice, inst), indexPrice: priceStr(e.markPrice, inst),
    underlyingPrice: '', blockTradeId: '', tradeIv: '', markIv: '', seq: e.seq,
  };
}

function positionCommon(p: PositionRecord, account: Account, priceOf: PriceOf, instruments: ReadonlyMap<string, Instrument>): Json {
  const inst = instruments.get(p.symbol);
  const mark = priceOf(p.symbol) ?? p.avgPrice;
  const liq = p.size === 0 ? undefined : account.liqPrice(p, priceOf, instruments);
  return {
    category: 'linear', symbol: p.symbol, positionIdx: 0, riskId: 1, riskLimitValue: '2000000',
    side: p.size === 0 ? '' : p.side, size: qtyStr(p.size, inst),
    positionValue: p.size === 0 ? '' : money(p.size * p.avgPrice), leverage: fmt(p.leverage, 2),
    markPrice: priceStr(mark, inst), liqPrice: liq === undefined ? '' : priceStr(liq, inst), bustPrice: '',
    positionIM: money(positionIM(p)), positionMM: money(positionMM(p, mark, inst?.maintenanceMarginRate ?? 0.005)),
    positionBalance: money(positionIM(p)), tradeMode: 0, autoAddMargin: 0, isReduceOnly: false,
    unrealisedPnl: money(unrealisedPnl(p, mark)), curRealisedPnl: money(p.curRealisedPnl), cumRealisedPnl: money(p.cumRealisedPnl),
    takeProfit: levelStr(p.takeProfit, inst), stopLoss: levelStr(p.stopLoss, inst), trailingStop: '0',
    tpslMode: 'Full', positionStatus: 'Normal', adlRankIndicator: p.size === 0 ? 0 : 2,
    createdTime: String(p.createdTime), updatedTime: String(p.updatedTime), seq: p.seq,
  };
}

export function positionRestJson(p: PositionRecord, account: Account, priceOf: PriceOf, instruments: ReadonlyMap<string, Instrument>): Json {
  return { ...positionCommon(p, account, priceOf, instruments), avgPrice: p.size === 0 ? '0' : fmt(p.avgPrice, 8), sessionAvgPrice: '', leverageSysUpdatedTime: '', mmrSysUpdatedTime: '' };
}

export function positionWsJson(p: PositionRecord, account: Account, priceOf: PriceOf, instruments: ReadonlyMap<string, Instrument>): Json {
  return { ...positionCommon(p, account, priceOf, instruments), entryPrice: p.size === 0 ? '0' : fmt(p.avgPrice, 8), sessionAvgPrice: '' };
}

export function walletJson(account: Account, priceOf: PriceOf, instruments: ReadonlyMap<string, Instrument>): Json {
  const t = account.totals(priceOf, instruments);
  return {
    accountType: 'UNIFIED', accountLTV: '0', accountIMRate: t.equity > 0 ? fmt(t.positionIM / t.equity, 4) : '0',
    accountMMRate: t.equity > 0 ? fmt(t.positionMM / t.equity, 4) : '0',
    totalEquity: money(t.equity), totalWalletBalance: money(t.walletBalance), totalMarginBalance: money(t.equity),
    totalAvailableBalance: money(t.available), totalPerpUPL: money(t.unrealisedPnl),
    totalInitialMargin: money(t.positionIM), totalMaintenanceMargin: money(t.positionMM),
    coin: [{
      coin: 'USDT', equity: money(t.equity), usdValue: money(t.equity), walletBalance: money(t.walletBalance),
      free: '', locked: '0', spotHedgingQty: '0', borrowAmount: '0', availableToWithdraw: '', availableToBorrow: '',
      accruedInterest: '0', totalOrderIM: '0', totalPositionIM: money(t.positionIM), totalPositionMM: money(t.positionMM),
      unrealisedPnl: money(t.unrealisedPnl), cumRealisedPnl: money(account.cumRealisedPnl), bonus: '0',
      marginCollateral: true, collateralSwitch: true,
    }],
  };
}
