/**
 * The matching engine of the simulator: market orders fill at once at the current price with
 * the taker fee; position TP/SL levels trigger on the market's price path and close the
 * position with a reduce-only market order filled at the level (at the open when the candle
 * opens beyond it: the same rule as the backtest, STRATEGY.md §3). Every change is announced as
 * private events (order, execution, position, wallet) for the private WS stream.
 */
import { randomUUID } from 'node:crypto';
import { isMultipleOf, parseDecimal } from '../decimal';
import { SimulatorConfigError } from '../errors';
import type { Instrument } from '../instruments';
import type { Market, MarketListener, PricePoint } from '../market/market';
import { Account, type AccountDef, type PriceOf } from './account';
import { BybitError, paramsError, RetCode } from './bybit-error';
import { executionJson, orderJson, positionWsJson, walletJson, type Json } from './bybit-shapes';
import { closingPnl, positionIM } from './margin';
import { parseOrderRequest, parseTriggerLevel, requireInstrument, requireLinear, requirePositionIdx, type Params } from './order-request';
import {
  CreateType, ExecType, OrderStatus, Side, StopOrderType,
  type ExecutionRecord, type OrderRecord, type PositionRecord,
} from './records';

export const PrivateTopic = { ORDER: 'order', EXECUTION: 'execution', POSITION: 'position', WALLET: 'wallet' } as const;
export type PrivateTopic = (typeof PrivateTopic)[keyof typeof PrivateTopic];

export interface PrivateEvent {
  readonly apiKey: string;
  readonly topic: PrivateTopic;
  readonly creationTime: number;
  readonly data: Json[];
}

export interface ExchangeOptions {
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly market: Market;
  readonly accounts: readonly AccountDef[];
  readonly takerFee: number;
  /** Funding rate charged every 8 h of market time (00:00, 08:00, 16:00 UTC); 0 disables funding. */
  readonly fundingRate: number;
  /** Wall clock, for account creation times. */
  readonly now: () => number;
}

const FUNDING_INTERVAL_MS = 8 * 3_600_000;
const EPS = 1e-12;

interface Fill {
  readonly side: Side;
  readonly qty: number;
  readonly reduceOnly: boolean;
  readonly price: number;
  readonly orderLinkId: string;
  readonly takeProfit: number;
  readonly stopLoss: number;
  readonly stopOrderType: StopOrderType;
  readonly createType: CreateType;
  readonly triggerPrice: number;
  readonly triggerDirection: 0 | 1 | 2;
}

export class Exchange implements MarketListener {
  readonly accounts = new Map<string, Account>();
  readonly instruments: ReadonlyMap<string, Instrument>;
  private readonly market: Market;
  private readonly listeners: ((event: PrivateEvent) => void)[] = [];
  private readonly placedListeners: ((apiKey: string, order: OrderRecord) => void)[] = [];
  private seq = 0;
  readonly priceOf: PriceOf;

  constructor(private readonly options: ExchangeOptions) {
    this.instruments = options.instruments;
    this.market = options.market;
    this.priceOf = (symbol) => this.market.price(symbol);
    let uid = 100_000_001;
    for (const def of options.accounts) {
      if (this.accounts.has(def.apiKey)) throw new SimulatorConfigError(`account apiKey ${def.apiKey} is defined twice`);
      this.accounts.set(def.apiKey, new Account(def, uid++, options.now()));
    }
    this.market.addListener(this);
  }

  get takerFee(): number {
    return this.options.takerFee;
  }

  onEvent(listener: (event: PrivateEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Orders placed through order/create, as each is accepted (not the exchange's own TP/SL orders). */
  onOrderPlaced(listener: (apiKey: string, order: OrderRecord) => void): void {
    this.placedListeners.push(listener);
  }

  private emit(account: Account, topic: PrivateTopic, data: Json[]): void {
    const event: PrivateEvent = { apiKey: account.apiKey, topic, creationTime: this.market.now(), data };
    for (const l of this.listeners) l(event);
  }

  private currentPrice(instrument: Instrument): number {
    const price = this.market.price(instrument.symbol);
    if (price === undefined) throw paramsError(`the simulator has no market data for ${instrument.symbol}`);
    return price;
  }

  // ---- orders -------------------------------------------------------------------------------

  placeOrder(account: Account, params: Params): OrderRecord {
    const req = parseOrderRequest(params, this.instruments);
    if (req.orderLinkId !== '' && account.ordersByLinkId.has(req.orderLinkId)) {
      throw new BybitError(RetCode.ORDER_LINK_ID_DUPLICATE, 'OrderLinkedID is duplicate');
    }
    const inst = req.instrument;
    const price = this.currentPrice(inst);
    const pos = account.position(inst.symbol, this.market.now());
    const opposite = pos.size > 0 && pos.side !== req.side;
    const closeQty = opposite ? Math.min(req.qty, pos.size) : 0;
    if (req.reduceOnly) {
      if (pos.size === 0) throw new BybitError(RetCode.REDUCE_ONLY, 'current position is zero, cannot fix reduce-only order qty');
      if (!opposite) throw new BybitError(RetCode.REDUCE_ONLY, 'reduce-only order has same side with current position');
    }
    // Bybit truncates a reduce-only quantity to the position size instead of rejecting it.
    const openQty = req.reduceOnly ? 0 : round(req.qty - closeQty, inst.qtyDecimals);
    if (!req.reduceOnly && req.qty * price < inst.minNotionalValue) {
      throw new BybitError(RetCode.NOTIONAL_TOO_LOW, 'Order notional value below the lower limit');
    }
    if (req.takeProfit || req.stopLoss) {
      if (openQty === 0) throw paramsError('takeProfit/stopLoss can only be attached to an order that opens or increases a position');
      checkTpSl(req.side, req.takeProfit, req.stopLoss, price, inst);
    }
    if (openQty > 0) {
      const fee = this.options.takerFee;
      const available = account.totals(this.priceOf, this.instruments).available
        + (closeQty * pos.avgPrice) / pos.leverage - closeQty * price * fee;
      const required = (openQty * price) / pos.leverage + openQty * price * fee;
      if (required > available + 1e-9) throw new BybitError(RetCode.AVAILABLE_INSUFFICIENT, 'ab not enough for new order');
    }
    const order = this.fill(account, inst, pos, {
      side: req.side, qty: closeQty + openQty, reduceOnly: req.reduceOnly, price, orderLinkId: req.orderLinkId,
      takeProfit: req.takeProfit, stopLoss: req.stopLoss, stopOrderType: StopOrderType.NONE,
      createType: CreateType.BY_USER, triggerPrice: 0, triggerDirection: 0,
    });
    for (const l of this.placedListeners) l(account.apiKey, order);
    return order;
  }

  /** Fills a market order completely and updates position, wallet and history. */
  private fill(account: Account, inst: Instrument, pos: PositionRecord, f: Fill): OrderRecord {
    const now = this.market.now();
    const feeRate = this.options.takerFee;
    const closeQty = pos.size > 0 && pos.side !== f.side ? Math.min(f.qty, pos.size) : 0;
    const openQty = round(f.qty - closeQty, inst.qtyDecimals);
    const grossPnl = closeQty > 0 ? closingPnl(pos, closeQty, f.price) : 0;
    const closeFee = closeQty * f.price * feeRate;
    const openFee = openQty * f.price * feeRate;
    const flippedOrFresh = openQty > 0 && (pos.size === 0 || closeQty === pos.size);

    if (closeQty > 0) {
      pos.curRealisedPnl += grossPnl - closeFee;
      pos.size = round(pos.size - closeQty, inst.qtyDecimals);
      if (pos.size <= EPS) Object.assign(pos, { size: 0, side: '', avgPrice: 0, takeProfit: 0, stopLoss: 0 });
    }
    if (openQty > 0) {
      if (flippedOrFresh) {
        Object.assign(pos, { side: f.side, size: openQty, avgPrice: f.price, curRealisedPnl: 0, createdTime: now });
      } else {
        pos.avgPrice = (pos.avgPrice * pos.size + f.price * openQty) / (pos.size + openQty);
        pos.size = round(pos.size + openQty, inst.qtyDecimals);
      }
      pos.curRealisedPnl -= openFee;
      if (f.takeProfit) pos.takeProfit = f.takeProfit;
      if (f.stopLoss) pos.stopLoss = f.stopLoss;
    }
    const net = grossPnl - closeFee - openFee;
    account.walletBalance += net;
    account.cumRealisedPnl += net;
    pos.cumRealisedPnl += net;
    pos.updatedTime = now;
    pos.seq = ++this.seq;

    const order: OrderRecord = {
      orderId: randomUUID(), orderLinkId: f.orderLinkId, symbol: inst.symbol, side: f.side, orderType: 'Market',
      qty: f.qty, cumExecQty: f.qty, cumExecValue: f.qty * f.price, cumExecFee: closeFee + openFee, avgPrice: f.price,
      orderStatus: OrderStatus.FILLED, reduceOnly: f.reduceOnly, closeOnTrigger: f.stopOrderType !== StopOrderType.NONE,
      takeProfit: f.takeProfit, stopLoss: f.stopLoss, triggerPrice: f.triggerPrice, triggerDirection: f.triggerDirection,
      stopOrderType: f.stopOrderType, createType: f.createType, closedPnl: closeQty > 0 ? grossPnl - closeFee : 0,
      createdTime: now, updatedTime: now,
    };
    account.addOrder(order);
    const exec: ExecutionRecord = {
      execId: randomUUID(), orderId: order.orderId, orderLinkId: order.orderLinkId, symbol: inst.symbol, side: f.side,
      orderType: 'Market', orderPrice: f.price, orderQty: f.qty, leavesQty: 0, execPrice: f.price, execQty: f.qty,
      execValue: f.qty * f.price, execFee: closeFee + openFee, feeRate, execType: ExecType.TRADE, execTime: now,
      closedSize: closeQty, execPnl: grossPnl, markPrice: this.market.price(inst.symbol) ?? f.price,
      stopOrderType: f.stopOrderType, createType: f.createType, seq: pos.seq,
    };
    account.executions.push(exec);

    this.emit(account, PrivateTopic.ORDER, [orderJson(order, inst)]);
    this.emit(account, PrivateTopic.EXECUTION, [executionJson(exec, inst)]);
    this.emitPosition(account, pos);
    this.emitWallet(account);
    return order;
  }

  private emitPosition(account: Account, pos: PositionRecord): void {
    this.emit(account, PrivateTopic.POSITION, [positionWsJson(pos, account, this.priceOf, this.instruments)]);
  }

  private emitWallet(account: Account): void {
    this.emit(account, PrivateTopic.WALLET, [walletJson(account, this.priceOf, this.instruments)]);
  }

  /** Market orders fill at once, so nothing is ever open: a known id gets 110001 as on Bybit after a fill. */
  cancelOrder(account: Account, params: Params): OrderRecord {
    requireLinear(params);
    requireInstrument(params, this.instruments);
    const orderId = params['orderId'];
    const orderLinkId = params['orderLinkId'];
    if (!orderId && !orderLinkId) throw paramsError('orderId or orderLinkId is required');
    const order = account.orders.find((o) => (orderId ? o.orderId === orderId : o.orderLinkId === orderLinkId));
    if (!order || (order.orderStatus !== OrderStatus.NEW && order.orderStatus !== OrderStatus.PARTIALLY_FILLED)) {
      throw new BybitError(RetCode.ORDER_NOT_EXISTS, 'order not exists or too late to cancel');
    }
    order.orderStatus = OrderStatus.CANCELLED;
    order.updatedTime = this.market.now();
    this.emit(account, PrivateTopic.ORDER, [orderJson(order, this.instruments.get(order.symbol))]);
    return order;
  }

  // ---- positions ----------------------------------------------------------------------------

  setLeverage(account: Account, params: Params): void {
    requireLinear(params);
    const inst = requireInstrument(params, this.instruments);
    const buy = parseDecimal(params['buyLeverage']);
    const sell = parseDecimal(params['sellLeverage']);
    if (buy === undefined || sell === undefined) throw paramsError('buyLeverage and sellLeverage are required');
    if (buy !== sell) throw paramsError('buyLeverage must equal sellLeverage in one-way mode');
    if (buy < inst.minLeverage || buy > inst.maxLeverage || !isMultipleOf(buy, inst.leverageStep)) {
      throw paramsError(`leverage must be between ${inst.def.minLeverage} and ${inst.def.maxLeverage} in steps of ${inst.def.leverageStep}`);
    }
    const pos = account.position(inst.symbol, this.market.now());
    if (Math.abs(pos.leverage - buy) < EPS) throw new BybitError(RetCode.LEVERAGE_NOT_MODIFIED, 'Set leverage has not been modified.');
    if (pos.size > 0) {
      const available = account.totals(this.priceOf, this.instruments).available;
      const extra = (pos.size * pos.avgPrice) / buy - positionIM(pos);
      if (extra > available) throw new BybitError(RetCode.MARGIN_INSUFFICIENT, 'Available margin is insufficient');
    }
    pos.leverage = buy;
    pos.updatedTime = this.market.now();
    pos.seq = ++this.seq;
    this.emitPosition(account, pos);
  }

  setTradingStop(account: Account, params: Params): void {
    requireLinear(params);
    const inst = requireInstrument(params, this.instruments);
    requirePositionIdx(params);
    if (params['tpslMode'] !== undefined && params['tpslMode'] !== 'Full') throw paramsError('only tpslMode Full is supported');
    const pos = account.positions.get(inst.symbol);
    if (!pos || pos.size === 0 || pos.side === '') throw new BybitError(RetCode.PARAMS, 'can not set tp/sl/ts for zero position');
    const tp = parseTriggerLevel(params, 'takeProfit', inst);
    const sl = parseTriggerLevel(params, 'stopLoss', inst);
    if (tp === undefined && sl === undefined) throw paramsError('takeProfit or stopLoss is required');
    const nextTp = tp ?? pos.takeProfit;
    const nextSl = sl ?? pos.stopLoss;
    checkTpSl(pos.side, tp ?? 0, sl ?? 0, this.currentPrice(inst), inst);
    if (nextTp === pos.takeProfit && nextSl === pos.stopLoss) throw new BybitError(RetCode.TPSL_NOT_MODIFIED, 'not modified');
    pos.takeProfit = nextTp;
    pos.stopLoss = nextSl;
    pos.updatedTime = this.market.now();
    pos.seq = ++this.seq;
    this.emitPosition(account, pos);
  }

  // ---- market events ------------------------------------------------------------------------

  onPrice(point: PricePoint): void {
    const inst = this.instruments.get(point.symbol);
    if (!inst) return;
    if (point.isOpen && this.options.fundingRate !== 0 && point.time % FUNDING_INTERVAL_MS === 0) this.chargeFunding(inst, point);
    for (const account of this.accounts.values()) {
      const pos = account.positions.get(point.symbol);
      if (!pos || pos.size === 0 || (!pos.takeProfit && !pos.stopLoss)) continue;
      const trigger = triggerOf(pos, point.price);
      if (!trigger) continue;
      // A continuous path crosses the level exactly; a candle opening beyond it fills at the open.
      const fillPrice = point.isOpen ? point.price : trigger.level;
      const closeSide = pos.side === Side.SELL ? Side.BUY : Side.SELL;
      this.fill(account, inst, pos, {
        side: closeSide, qty: pos.size, reduceOnly: true, price: fillPrice, orderLinkId: '', takeProfit: 0, stopLoss: 0,
        stopOrderType: trigger.type,
        createType: trigger.type === StopOrderType.TAKE_PROFIT ? CreateType.BY_TAKE_PROFIT : CreateType.BY_STOP_LOSS,
        triggerPrice: trigger.level, triggerDirection: closeSide === Side.BUY ? 1 : 2,
      });
    }
  }

  private chargeFunding(inst: Instrument, point: PricePoint): void {
    const rate = this.options.fundingRate;
    for (const account of this.accounts.values()) {
      const pos = account.positions.get(inst.symbol);
      if (!pos || pos.size === 0 || pos.side === '') continue;
      const value = pos.size * point.price;
      // Positive rate: longs pay, shorts receive. A paid fee is positive, as Bybit writes it.
      const fee = pos.side === Side.BUY ? value * rate : -value * rate;
      account.walletBalance -= fee;
      account.cumRealisedPnl -= fee;
      pos.cumRealisedPnl -= fee;
      pos.curRealisedPnl -= fee;
      pos.seq = ++this.seq;
      account.executions.push({
        execId: randomUUID(), orderId: '', orderLinkId: '', symbol: inst.symbol, side: pos.side, orderType: 'UNKNOWN',
        orderPrice: 0, orderQty: 0, leavesQty: 0, execPrice: point.price, execQty: pos.size, execValue: value, execFee: fee,
        feeRate: rate, execType: ExecType.FUNDING, execTime: point.time, closedSize: 0, execPnl: 0, markPrice: point.price,
        stopOrderType: StopOrderType.NONE, createType: CreateType.BY_USER, seq: pos.seq,
      });
      this.emitWallet(account);
    }
  }
}

function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

function triggerOf(pos: PositionRecord, price: number): { type: StopOrderType; level: number } | undefined {
  if (pos.side === Side.SELL) {
    if (pos.stopLoss && price >= pos.stopLoss) return { type: StopOrderType.STOP_LOSS, level: pos.stopLoss };
    if (pos.takeProfit && price <= pos.takeProfit) return { type: StopOrderType.TAKE_PROFIT, level: pos.takeProfit };
  } else if (pos.side === Side.BUY) {
    if (pos.stopLoss && price <= pos.stopLoss) return { type: StopOrderType.STOP_LOSS, level: pos.stopLoss };
    if (pos.takeProfit && price >= pos.takeProfit) return { type: StopOrderType.TAKE_PROFIT, level: pos.takeProfit };
  }
  return undefined;
}

/** Bybit's checks of TP/SL against the last price, with its wording. Zero means "not given". */
function checkTpSl(side: Side, tp: number, sl: number, price: number, inst: Instrument): void {
  const p = price.toFixed(inst.priceDecimals);
  if (side === Side.SELL) {
    if (tp && tp >= price) throw new BybitError(RetCode.PARAMS, `TakeProfit:${tp} set for Sell position should lower than base_price:${p}??LastPrice`);
    if (sl && sl <= price) throw new BybitError(RetCode.PARAMS, `StopLoss:${sl} set for Sell position should greater base_price:${p}??LastPrice`);
  } else {
    if (tp && tp <= price) throw new BybitError(RetCode.PARAMS, `TakeProfit:${tp} set for Buy position should be higher than base_price:${p}??LastPrice`);
    if (sl && sl >= price) throw new BybitError(RetCode.PARAMS, `StopLoss:${sl} set for Buy position should lower than base_price:${p}??LastPrice`);
  }
}
