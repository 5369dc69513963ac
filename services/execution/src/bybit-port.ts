import { isInsufficientFundsError, isInvalidOrderError, isInvalidRequestError, type BybitError, type BybitRest } from '@mast/bybit';
import { OrderRefusedError, type ExecutionPort } from '@mast/pipeline';
import type { PushedOrders } from './pushed-orders';

/**
 * The pipeline's ExecutionPort on the Bybit adapter. A refusal that no retry can change
 * (invalid order, insufficient funds, bad request) becomes OrderRefusedError, which the handler
 * publishes as OrderRejected; anything else (rate limits, outages) propagates, the bus
 * redelivers the request, and the orderLinkId keeps it one order.
 */
export function bybitExecutionPort(rest: BybitRest, pushed?: PushedOrders): ExecutionPort {
  const refused = (error: unknown): never => {
    if (isInvalidOrderError(error) || isInsufficientFundsError(error) || isInvalidRequestError(error)) {
      const e = error as BybitError;
      throw new OrderRefusedError(e.message, e.retCode ?? null);
    }
    throw error;
  };
  return {
    async placeMarketOrder(request) {
      try {
        const placed = await rest.placeMarketOrder(request);
        return { orderId: placed.orderId };
      } catch (error) {
        return refused(error);
      }
    },
    async fetchOrderByLinkId(symbol, orderLinkId) {
      const order = await rest.fetchOrderByLinkId(symbol, orderLinkId);
      return order && { orderId: order.orderId, status: order.status, filledQty: order.filledQty, avgPrice: order.avgPrice, rejectReason: order.rejectReason };
    },
    async fetchFills(symbol, orderLinkId) {
      const fills = await rest.fetchExecutions({ symbol, orderLinkId });
      return fills.filter((f) => f.execType === 'Trade').map((f) => ({ execId: f.execId, orderId: f.orderId, price: f.price, qty: f.qty, fee: f.fee, ts: f.ts }));
    },
    ...(pushed ? { pushedOutcome: (orderLinkId: string, waitMs: number) => pushed.outcome(orderLinkId, waitMs) } : {}),
  };
}

/** A port that always goes through the current one: the adapter is replaced when keys rotate. */
export function followingPort(current: () => ExecutionPort): ExecutionPort {
  return {
    placeMarketOrder: (request) => current().placeMarketOrder(request),
    fetchOrderByLinkId: (symbol, orderLinkId) => current().fetchOrderByLinkId(symbol, orderLinkId),
    fetchFills: (symbol, orderLinkId) => current().fetchFills(symbol, orderLinkId),
    pushedOutcome: async (orderLinkId, waitMs) => current().pushedOutcome?.(orderLinkId, waitMs),
  };
}
