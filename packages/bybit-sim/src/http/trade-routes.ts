/** Signed order endpoints: create, cancel, realtime, history, executions. */
import { paramsError } from '../exchange/bybit-error';
import { executionJson, orderJson } from '../exchange/bybit-shapes';
import { requireLinear, type Params } from '../exchange/order-request';
import type { OrderRecord } from '../exchange/records';
import { msParam, page, type SignedRoute, type SimContext } from './route';

const WEEK_MS = 7 * 86_400_000;

function byIdentity(params: Params) {
  const orderId = params['orderId'];
  const orderLinkId = params['orderLinkId'];
  return (o: { orderId: string; orderLinkId: string }) =>
    (orderId === undefined || o.orderId === orderId) && (orderLinkId === undefined || o.orderLinkId === orderLinkId);
}

function bySymbol(params: Params, ctx: SimContext) {
  const symbol = params['symbol'];
  const baseCoin = params['baseCoin'];
  return (o: { symbol: string }) =>
    (symbol === undefined || o.symbol === symbol)
    && (baseCoin === undefined || ctx.instruments.get(o.symbol)?.def.baseCoin === baseCoin);
}

/** startTime/endTime as Bybit applies them: a 7-day window ending now (market time) by default. */
function timeWindow(params: Params, ctx: SimContext): { from: number; to: number } {
  const start = msParam(params, 'startTime');
  const end = msParam(params, 'endTime');
  const to = end ?? (start !== undefined ? start + WEEK_MS : ctx.market.now());
  const from = start ?? to - WEEK_MS;
  if (to - from > WEEK_MS) throw paramsError('the time range between startTime and endTime cannot exceed 7 days');
  return { from, to };
}

const isOpen = (o: OrderRecord): boolean => o.orderStatus === 'New' || o.orderStatus === 'PartiallyFilled' || o.orderStatus === 'Untriggered';

export const tradeRoutes: readonly SignedRoute[] = [
  {
    method: 'POST', path: '/v5/order/create', signed: true, limit: 10, write: true,
    handle: (params, ctx, account) => {
      const order = ctx.exchange.placeOrder(account, params);
      return { orderId: order.orderId, orderLinkId: order.orderLinkId };
    },
  },
  {
    method: 'POST', path: '/v5/order/cancel', signed: true, limit: 10, write: true,
    handle: (params, ctx, account) => {
      const order = ctx.exchange.cancelOrder(account, params);
      return { orderId: order.orderId, orderLinkId: order.orderLinkId };
    },
  },
  {
    method: 'GET', path: '/v5/order/realtime', signed: true, limit: 50, write: false,
    handle: (params, ctx, account) => {
      requireLinear(params);
      const byId = params['orderId'] !== undefined || params['orderLinkId'] !== undefined;
      // Open orders only, except that a query by id also finds the last 500 closed orders.
      const source = byId ? account.recentOrders() : account.orders.filter(isOpen);
      const found = source.filter(byIdentity(params)).filter(bySymbol(params, ctx)).reverse();
      const paged = page(found.map((o) => orderJson(o, ctx.instruments.get(o.symbol))), params, 20, 50);
      return { category: 'linear', ...paged };
    },
  },
  {
    method: 'GET', path: '/v5/order/history', signed: true, limit: 50, write: false,
    handle: (params, ctx, account) => {
      requireLinear(params);
      const { from, to } = timeWindow(params, ctx);
      const status = params['orderStatus'];
      const found = account.orders
        .filter(byIdentity(params)).filter(bySymbol(params, ctx))
        .filter((o) => status === undefined || String(status).split(',').includes(o.orderStatus))
        .filter((o) => o.createdTime >= from && o.createdTime <= to)
        .reverse();
      const paged = page(found.map((o) => orderJson(o, ctx.instruments.get(o.symbol))), params, 20, 50);
      return { category: 'linear', ...paged };
    },
  },
  {
    method: 'GET', path: '/v5/execution/list', signed: true, limit: 50, write: false,
    handle: (params, ctx, account) => {
      requireLinear(params);
      const { from, to } = timeWindow(params, ctx);
      const execType = params['execType'];
      const found = account.executions
        .filter(byIdentity(params)).filter(bySymbol(params, ctx))
        .filter((e) => execType === undefined || e.execType === execType)
        .filter((e) => e.execTime >= from && e.execTime <= to)
        .reverse();
      const paged = page(found.map((e) => executionJson(e, ctx.instruments.get(e.symbol))), params, 50, 100);
      return { category: 'linear', ...paged };
    },
  },
];
