/**
 * What the execution handler needs from an exchange. The Bybit adapter (packages/bybit)
 * satisfies it; the service wires the two, so the pipeline depends on no exchange library.
 */
export type ExchangeSide = 'Buy' | 'Sell';

export interface ExchangeOrderState {
  readonly orderId: string;
  /** New, PartiallyFilled, Filled, Cancelled, Rejected, ... */
  readonly status: string;
  readonly filledQty: number;
  readonly avgPrice: number | undefined;
  readonly rejectReason: string | undefined;
}

export interface ExchangeFill {
  readonly execId: string;
  readonly orderId: string;
  readonly price: number;
  readonly qty: number;
  readonly fee: number;
  readonly ts: number;
}

export interface ExecutionPort {
  /** Idempotent by `orderLinkId`: placing the same link id twice yields the one order. */
  placeMarketOrder(request: {
    readonly symbol: string;
    readonly side: ExchangeSide;
    readonly qty: number;
    readonly reduceOnly: boolean;
    readonly orderLinkId: string;
    readonly takeProfit?: number;
    readonly stopLoss?: number;
  }): Promise<{ readonly orderId: string }>;
  fetchOrderByLinkId(symbol: string, orderLinkId: string): Promise<ExchangeOrderState | undefined>;
  fetchFills(symbol: string, orderLinkId: string): Promise<readonly ExchangeFill[]>;
  /**
   * Optional: the order's final state with every fill, as the exchange pushed them (Bybit's
   * private WebSocket), once they are all in, within `waitMs`; undefined if they are not, and the
   * handler asks over REST instead. Saves the two lookups per order against the rate limits.
   */
  pushedOutcome?(orderLinkId: string, waitMs: number): Promise<PushedOutcome | undefined>;
}

/** An order's final state and its trade fills, complete: the fills' quantities add up to `order.filledQty`. */
export interface PushedOutcome {
  readonly order: ExchangeOrderState;
  readonly fills: readonly ExchangeFill[];
}

/** An order the exchange refused, with Bybit's retCode: a business outcome, published as OrderRejected. */
export class OrderRefusedError extends Error {
  override readonly name = 'OrderRefusedError';
  constructor(
    message: string,
    readonly code: number | null,
  ) {
    super(message);
  }
}

export function isOrderRefusedError(error: unknown): error is OrderRefusedError {
  return error instanceof OrderRefusedError;
}
