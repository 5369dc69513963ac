/** The exchange's own records, in numbers; exchange/bybit-shapes.ts turns them into Bybit JSON. */

export const Side = { BUY: 'Buy', SELL: 'Sell' } as const;
export type Side = (typeof Side)[keyof typeof Side];

export const OrderStatus = {
  NEW: 'New', PARTIALLY_FILLED: 'PartiallyFilled', FILLED: 'Filled', CANCELLED: 'Cancelled',
  REJECTED: 'Rejected', UNTRIGGERED: 'Untriggered', DEACTIVATED: 'Deactivated',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

export const StopOrderType = { NONE: '', TAKE_PROFIT: 'TakeProfit', STOP_LOSS: 'StopLoss' } as const;
export type StopOrderType = (typeof StopOrderType)[keyof typeof StopOrderType];

export const CreateType = {
  BY_USER: 'CreateByUser', BY_TAKE_PROFIT: 'CreateByTakeProfit', BY_STOP_LOSS: 'CreateByStopLoss',
} as const;
export type CreateType = (typeof CreateType)[keyof typeof CreateType];

export const ExecType = { TRADE: 'Trade', FUNDING: 'Funding' } as const;
export type ExecType = (typeof ExecType)[keyof typeof ExecType];

export interface OrderRecord {
  readonly orderId: string;
  readonly orderLinkId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly orderType: 'Market';
  qty: number;
  cumExecQty: number;
  cumExecValue: number;
  cumExecFee: number;
  avgPrice: number;
  orderStatus: OrderStatus;
  readonly reduceOnly: boolean;
  readonly closeOnTrigger: boolean;
  readonly takeProfit: number;
  readonly stopLoss: number;
  readonly triggerPrice: number;
  /** 1: triggered by a rise, 2: by a fall, 0: not a triggered order. */
  readonly triggerDirection: 0 | 1 | 2;
  readonly stopOrderType: StopOrderType;
  readonly createType: CreateType;
  closedPnl: number;
  readonly createdTime: number;
  updatedTime: number;
}

export interface ExecutionRecord {
  readonly execId: string;
  readonly orderId: string;
  readonly orderLinkId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly orderType: 'Market' | 'UNKNOWN';
  readonly orderPrice: number;
  readonly orderQty: number;
  readonly leavesQty: number;
  readonly execPrice: number;
  readonly execQty: number;
  readonly execValue: number;
  /** Positive when paid; a received funding payment is negative, as on Bybit. */
  readonly execFee: number;
  readonly feeRate: number;
  readonly execType: ExecType;
  readonly execTime: number;
  readonly closedSize: number;
  /** Gross P&L of the closed part, fees excluded. */
  readonly execPnl: number;
  readonly markPrice: number;
  readonly stopOrderType: StopOrderType;
  readonly createType: CreateType;
  readonly seq: number;
}

export interface PositionRecord {
  readonly symbol: string;
  side: Side | '';
  size: number;
  avgPrice: number;
  leverage: number;
  takeProfit: number;
  stopLoss: number;
  /** Realised P&L (fees included) since the position was last opened from flat. */
  curRealisedPnl: number;
  /** Realised P&L (fees and funding included) of every position ever held in this symbol. */
  cumRealisedPnl: number;
  createdTime: number;
  updatedTime: number;
  seq: number;
}
