/**
 * Stateless checks of an order/create body, in the order Bybit reports them. What needs the
 * account (reduce-only, balance, duplicate orderLinkId) is checked by the exchange.
 */
import { isMultipleOf, parseDecimal } from '../decimal';
import type { Instrument } from '../instruments';
import { BybitError, paramsError, RetCode } from './bybit-error';
import { Side } from './records';

export interface OrderRequest {
  readonly instrument: Instrument;
  readonly side: Side;
  readonly qty: number;
  readonly reduceOnly: boolean;
  readonly orderLinkId: string;
  /** 0 when absent. */
  readonly takeProfit: number;
  readonly stopLoss: number;
}

export type Params = Readonly<Record<string, unknown>>;

export function requireLinear(params: Params): void {
  if (params['category'] !== 'linear') {
    throw paramsError(params['category'] === undefined ? 'category is required' : `category ${String(params['category'])} is not supported (linear only)`);
  }
}

export function requireInstrument(params: Params, instruments: ReadonlyMap<string, Instrument>): Instrument {
  const symbol = params['symbol'];
  if (typeof symbol !== 'string' || symbol === '') throw paramsError('symbol is required');
  const instrument = instruments.get(symbol);
  if (!instrument) throw new BybitError(RetCode.PARAMS, 'Not supported symbols');
  return instrument;
}

export function parseBool(raw: unknown): boolean | undefined {
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false' || raw === undefined) return false;
  return undefined;
}

export function requirePositionIdx(params: Params): void {
  const idx = params['positionIdx'];
  if (idx !== undefined && idx !== 0 && idx !== '0') {
    throw new BybitError(RetCode.PARAMS, 'position idx not match position mode');
  }
}

/** A TP/SL price field: absent, "" and "0" mean none; otherwise a positive multiple of the tick. */
export function parseTriggerLevel(params: Params, field: 'takeProfit' | 'stopLoss', instrument: Instrument): number | undefined {
  const raw = params[field];
  if (raw === undefined) return undefined;
  if (raw === '' || raw === '0' || raw === 0) return 0;
  const value = parseDecimal(raw);
  if (value === undefined || value < 0) throw paramsError(`${field} invalid`);
  if (!isMultipleOf(value, instrument.tickSize)) throw paramsError(`${field} must be a multiple of tickSize ${instrument.def.tickSize}`);
  return value;
}

export function parseOrderRequest(params: Params, instruments: ReadonlyMap<string, Instrument>): OrderRequest {
  requireLinear(params);
  const instrument = requireInstrument(params, instruments);
  const side = params['side'];
  if (side !== Side.BUY && side !== Side.SELL) throw paramsError('side invalid');
  const orderType = params['orderType'];
  if (orderType === 'Limit') throw paramsError('the simulator accepts Market orders only (orderType Limit is not supported)');
  if (orderType !== 'Market') throw paramsError('orderType invalid');
  if (params['triggerPrice'] !== undefined && params['triggerPrice'] !== '' && params['triggerPrice'] !== '0') {
    throw paramsError('conditional orders (triggerPrice) are not supported by the simulator');
  }
  if (params['tpslMode'] !== undefined && params['tpslMode'] !== 'Full') throw paramsError('only tpslMode Full is supported');

  const qty = parseDecimal(params['qty']);
  if (qty === undefined || qty <= 0 || !isMultipleOf(qty, instrument.qtyStep)) throw new BybitError(RetCode.PARAMS, 'Qty invalid');
  if (qty < instrument.minOrderQty - instrument.qtyStep / 2) {
    throw new BybitError(RetCode.PARAMS, 'The number of contracts exceeds minimum limit allowed');
  }
  if (qty > instrument.maxMktOrderQty) {
    throw new BybitError(RetCode.PARAMS, `The number of contracts exceeds maximum limit allowed: too large, order_qty:${params['qty']} > max_qty:${instrument.def.maxMktOrderQty}`);
  }
  requirePositionIdx(params);

  const reduceOnly = parseBool(params['reduceOnly']);
  const closeOnTrigger = parseBool(params['closeOnTrigger']);
  if (reduceOnly === undefined || closeOnTrigger === undefined) throw paramsError('reduceOnly and closeOnTrigger must be booleans');

  const link = params['orderLinkId'];
  if (link !== undefined && (typeof link !== 'string' || link.length > 36 || !/^[A-Za-z0-9_-]*$/.test(link))) {
    throw paramsError('orderLinkId must be at most 36 characters of letters, digits, "-" and "_"');
  }
  return {
    instrument, side, qty, reduceOnly: reduceOnly || closeOnTrigger,
    orderLinkId: typeof link === 'string' ? link : '',
    takeProfit: parseTriggerLevel(params, 'takeProfit', instrument) ?? 0,
    stopLoss: parseTriggerLevel(params, 'stopLoss', instrument) ?? 0,
  };
}
