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
