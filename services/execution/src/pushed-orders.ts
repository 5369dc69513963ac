import type { ExecutionUpdate, OrderUpdate } from '@mast/bybit';
import type { ExchangeFill, PushedOutcome } from '@mast/pipeline';

const FINAL = new Set(['Filled', 'Cancelled', 'Rejected', 'Deactivated', 'PartiallyFilledCanceled']);

/** Fill quantities are decimals parsed from strings: they add up to the order's within rounding. */
const QTY_EPSILON = 1e-9;

interface Tracked {
  readonly since: number;
  order?: OrderUpdate;
  readonly fills: Map<string, ExchangeFill>;
  waiters: ((outcome: PushedOutcome) => void)[];
}

export interface PushedOrders {
  onOrder(update: OrderUpdate): void;
  onExecution(update: ExecutionUpdate): void;
  /** Whether pushes are flowing now; while they are not, outcome() answers at once. */
  setConnected(connected: boolean): void;
  /** The order's final state and all its trade fills once pushed, or undefined after `waitMs`. */
  outcome(orderLinkId: string, waitMs: number): Promise<PushedOutcome | undefined>;
}

/**
 * Our orders' outcomes as Bybit pushes them on the private stream (topics `order` and
 * `execution`), so that execution need not look each order up twice over REST (two calls that
 * count against the per-UID limits, behind which the next order waits). The pushes for an order
 * may come before or after the create call's answer, so they are kept by orderLinkId for a while
 * (`keepMs`) whether or not anyone asked yet. Only complete outcomes are answered: a final status
 * and trade fills adding up to the order's executed quantity.
 */
export function trackPushedOrders(options: { readonly keepMs?: number; readonly now?: () => number } = {}): PushedOrders {
  const keepMs = options.keepMs ?? 60_000;
  const now = options.now ?? Date.now;
  const tracked = new Map<string, Tracked>();
  let connected = false;

  const entry = (linkId: string): Tracked => {
    let found = tracked.get(linkId);
    if (!found) {
      // Insertion order is age order: the oldest entries are dropped from the front.
      for (const [id, old] of tracked) {
        if (now() - old.since < keepMs || old.waiters.length > 0) break;
        tracked.delete(id);
      }
      found = { since: now(), fills: new Map(), waiters: [] };
      tracked.set(linkId, found);
    }
    return found;
  };

  const complete = (t: Tracked): PushedOutcome | undefined => {
    const order = t.order;
    if (!order || !FINAL.has(order.orderStatus)) return undefined;
    const fills = [...t.fills.values()];
    const filled = fills.reduce((sum, f) => sum + f.qty, 0);
    if (Math.abs(filled - order.cumExecQty) > QTY_EPSILON) return undefined;
    return {
      order: { orderId: order.orderId, status: order.orderStatus, filledQty: order.cumExecQty, avgPrice: order.avgPrice, rejectReason: order.rejectReason },
      fills,
    };
  };

  const settle = (linkId: string, t: Tracked): void => {
    if (t.waiters.length === 0) return;
    const outcome = complete(t);
    if (!outcome) return;
    const waiters = t.waiters;
    t.waiters = [];
    tracked.delete(linkId);
    for (const resolve of waiters) resolve(outcome);
  };

  return {
    onOrder(update) {
      if (update.orderLinkId === '') return; // the exchange's own TP/SL orders
      const t = entry(update.orderLinkId);
      // Pushes of one order can arrive out of order: a final status is never replaced by an earlier one.
      if (t.order && FINAL.has(t.order.orderStatus) && !FINAL.has(update.orderStatus)) return;
      t.order = update;
      settle(update.orderLinkId, t);
    },
    onExecution(update) {
      if (update.orderLinkId === '' || update.execType !== 'Trade') return;
      const t = entry(update.orderLinkId);
      t.fills.set(update.execId, { execId: update.execId, orderId: update.orderId, price: update.execPrice, qty: update.execQty, fee: update.execFee, ts: update.execTime });
      settle(update.orderLinkId, t);
    },
    setConnected(value) {
      connected = value;
    },
    async outcome(orderLinkId, waitMs) {
      const t = tracked.get(orderLinkId);
      const ready = t && complete(t);
      if (ready) {
        tracked.delete(orderLinkId);
        return ready;
      }
      if (!connected) return undefined;
      const waiting = entry(orderLinkId);
      return new Promise<PushedOutcome | undefined>((resolve) => {
        const timer = setTimeout(() => {
          waiting.waiters = waiting.waiters.filter((w) => w !== answer);
          resolve(undefined);
        }, waitMs);
        const answer = (outcome: PushedOutcome) => {
          clearTimeout(timer);
          resolve(outcome);
        };
        waiting.waiters.push(answer);
      });
    },
  };
}
