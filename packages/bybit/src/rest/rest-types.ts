/** What the REST adapter returns: plain numbers, Bybit's own names where they are clear. */

export const ORDER_SIDES = { Buy: 'Buy', Sell: 'Sell' } as const;
export type OrderSide = (typeof ORDER_SIDES)[keyof typeof ORDER_SIDES];

export interface Instrument {
  readonly symbol: string;
  readonly qtyStep: number;
  readonly minQty: number;
  /** Largest quantity of one market order. */
  readonly maxMarketQty: number | undefined;
  readonly tickSize: number;
  /** Smallest order value in USDT (Bybit's minNotionalValue). */
  readonly minNotional: number | undefined;
  readonly maxLeverage: number | undefined;
  /** Listing time (ms): no candles exist before it. */
  readonly launchTime: number | undefined;
}

export interface WalletBalance {
  readonly totalEquity: number | undefined;
  readonly totalWalletBalance: number | undefined;
  readonly totalAvailableBalance: number | undefined;
  readonly usdt: {
    readonly walletBalance: number;
    readonly equity: number | undefined;
    readonly unrealisedPnl: number | undefined;
    readonly cumRealisedPnl: number | undefined;
    readonly locked: number | undefined;
    readonly positionIM: number | undefined;
    readonly orderIM: number | undefined;
  };
}

export interface Position {
  readonly symbol: string;
  /** `undefined` when flat. */
  readonly side: OrderSide | undefined;
  readonly size: number;
  readonly avgPrice: number | undefined;
  readonly leverage: number | undefined;
  readonly markPrice: number | undefined;
  readonly liqPrice: number | undefined;
  readonly unrealisedPnl: number | undefined;
  readonly cumRealisedPnl: number | undefined;
  readonly takeProfit: number | undefined;
  readonly stopLoss: number | undefined;
  readonly updatedTime: number | undefined;
}

export interface PlaceMarketOrderRequest {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly qty: number;
  readonly reduceOnly: boolean;
  /** Our idempotency key (≤ 36 chars): the same request id always gives the same link id. */
  readonly orderLinkId: string;
  readonly takeProfit?: number;
  readonly stopLoss?: number;
}

export interface PlacedOrder {
  readonly orderId: string;
  readonly orderLinkId: string;
  /**
   * `create`: the exchange acknowledged this call's create. `lookup`: the order was found by
   * its orderLinkId after a duplicate (110072) or a create whose outcome was unknown (an earlier
   * attempt, or a timed-out create that landed after all).
   */
  readonly resolvedBy: 'create' | 'lookup';
}

export interface ExchangeOrder {
  readonly orderId: string;
  readonly orderLinkId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly orderType: string;
  /** New, PartiallyFilled, Filled, Cancelled, Rejected, … */
  readonly status: string;
  readonly qty: number;
  readonly filledQty: number;
  readonly avgPrice: number | undefined;
  readonly fee: number | undefined;
  readonly reduceOnly: boolean | undefined;
  readonly takeProfit: number | undefined;
  readonly stopLoss: number | undefined;
  readonly rejectReason: string | undefined;
  readonly createdTime: number;
  readonly updatedTime: number;
}

export interface Execution {
  readonly execId: string;
  readonly orderId: string;
  readonly orderLinkId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  /** Trade, Funding, … */
  readonly execType: string;
  readonly price: number;
  readonly qty: number;
  readonly value: number;
  readonly fee: number;
  readonly feeRate: number | undefined;
  readonly isMaker: boolean | undefined;
  readonly closedSize: number | undefined;
  readonly execPnl: number | undefined;
  readonly ts: number;
}

export interface ExecutionQuery {
  readonly symbol: string;
  readonly orderId?: string;
  readonly orderLinkId?: string;
  readonly startTime?: number;
  readonly endTime?: number;
  /** Upper bound on rows returned (pages are followed until reached). Default 100. */
  readonly limit?: number;
}

export interface TradingStop {
  readonly takeProfit?: number;
  readonly stopLoss?: number;
}

export interface KeyPermissions {
  readonly readOnly: boolean;
  readonly canTrade: boolean;
  readonly canWithdraw: boolean;
  readonly permissions: Readonly<Record<string, readonly string[]>>;
  readonly expiresAt: string | undefined;
}
