/**
 * Rules for private pushes that arrive twice or out of order (Bybit can send an order's
 * `Filled` twice when a cancel races a fill; a reconnect can replay). Pure, so they are
 * table-tested; the stream keeps the last accepted version per key.
 */
export const TERMINAL_ORDER_STATUSES: ReadonlySet<string> = new Set(['Filled', 'Cancelled', 'Rejected', 'Deactivated', 'PartiallyFilledCanceled']);

export interface OrderVersion {
  readonly updatedTime: number;
  readonly cumExecQty: number;
  readonly orderStatus: string;
}

/** Whether `next` tells something `previous` did not; older or equal versions are dropped. */
export function isNewerOrderVersion(previous: OrderVersion | undefined, next: OrderVersion): boolean {
  if (previous === undefined) return true;
  if (TERMINAL_ORDER_STATUSES.has(previous.orderStatus) && next.cumExecQty <= previous.cumExecQty && !TERMINAL_ORDER_STATUSES.has(next.orderStatus)) return false;
  if (next.updatedTime !== previous.updatedTime) return next.updatedTime > previous.updatedTime;
  if (next.cumExecQty !== previous.cumExecQty) return next.cumExecQty > previous.cumExecQty;
  return next.orderStatus !== previous.orderStatus && !TERMINAL_ORDER_STATUSES.has(previous.orderStatus);
}

export interface PositionVersion {
  readonly seq: number | undefined;
  readonly updatedTime: number | undefined;
}

/** Positions carry a per-symbol `seq`; fall back to updatedTime when it is missing. */
export function isNewerPositionVersion(previous: PositionVersion | undefined, next: PositionVersion): boolean {
  if (previous === undefined) return true;
  if (previous.seq !== undefined && next.seq !== undefined) return next.seq > previous.seq;
  if (previous.updatedTime !== undefined && next.updatedTime !== undefined) return next.updatedTime >= previous.updatedTime;
  return true;
}

/** A Map that forgets its oldest entries beyond `capacity`. */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (oldest.done !== true) this.map.delete(oldest.value);
    }
  }
}
