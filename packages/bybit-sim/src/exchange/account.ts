/** One API key's account: USDT wallet, one-way positions, orders and executions. */
import type { Instrument } from '../instruments';
import { liquidationPrice, positionIM, positionMM, unrealisedPnl } from './margin';
import type { ExecutionRecord, OrderRecord, PositionRecord } from './records';

export interface AccountDef {
  apiKey: string;
  secret: string;
  /** Starting USDT wallet balance. Default 10,000. */
  balanceUsdt?: number;
  canWithdraw?: boolean;
  readOnly?: boolean;
}

/** Bybit keeps the last 500 closed orders findable by id in order/realtime. */
const RECENT_CLOSED = 500;
const DEFAULT_LEVERAGE = 10;

export interface AccountTotals {
  walletBalance: number;
  unrealisedPnl: number;
  equity: number;
  positionIM: number;
  positionMM: number;
  available: number;
}

export type PriceOf = (symbol: string) => number | undefined;

export class Account {
  readonly apiKey: string;
  readonly secret: string;
  readonly canWithdraw: boolean;
  readonly readOnly: boolean;
  walletBalance: number;
  cumRealisedPnl = 0;
  readonly positions = new Map<string, PositionRecord>();
  readonly orders: OrderRecord[] = [];
  readonly ordersByLinkId = new Map<string, OrderRecord>();
  readonly executions: ExecutionRecord[] = [];

  constructor(
    def: AccountDef,
    readonly uid: number,
    readonly createdTime: number,
  ) {
    this.apiKey = def.apiKey;
    this.secret = def.secret;
    this.canWithdraw = def.canWithdraw ?? false;
    this.readOnly = def.readOnly ?? false;
    this.walletBalance = def.balanceUsdt ?? 10_000;
  }

  /** The position record of a symbol, created flat with the default leverage. */
  position(symbol: string, now: number): PositionRecord {
    let pos = this.positions.get(symbol);
    if (!pos) {
      pos = this.positionOrFlat(symbol, now);
      this.positions.set(symbol, pos);
    }
    return pos;
  }

  /** The position record of a symbol, or a flat one that is not stored (reads must not create state). */
  positionOrFlat(symbol: string, now: number): PositionRecord {
    return this.positions.get(symbol) ?? {
      symbol, side: '', size: 0, avgPrice: 0, leverage: DEFAULT_LEVERAGE, takeProfit: 0, stopLoss: 0,
      curRealisedPnl: 0, cumRealisedPnl: 0, createdTime: now, updatedTime: now, seq: 0,
    };
  }

  addOrder(order: OrderRecord): void {
    this.orders.push(order);
    if (order.orderLinkId !== '') this.ordersByLinkId.set(order.orderLinkId, order);
  }

  recentOrders(): OrderRecord[] {
    return this.orders.slice(-RECENT_CLOSED);
  }

  totals(priceOf: PriceOf, instruments: ReadonlyMap<string, Instrument>): AccountTotals {
    let upl = 0;
    let im = 0;
    let mm = 0;
    for (const pos of this.positions.values()) {
      if (pos.size === 0) continue;
      const mark = priceOf(pos.symbol) ?? pos.avgPrice;
      upl += unrealisedPnl(pos, mark);
      im += positionIM(pos);
      mm += positionMM(pos, mark, instruments.get(pos.symbol)?.maintenanceMarginRate ?? 0.005);
    }
    const equity = this.walletBalance + upl;
    return { walletBalance: this.walletBalance, unrealisedPnl: upl, equity, positionIM: im, positionMM: mm, available: equity - im };
  }

  liqPrice(pos: PositionRecord, priceOf: PriceOf, instruments: ReadonlyMap<string, Instrument>): number | undefined {
    const mmRate = instruments.get(pos.symbol)?.maintenanceMarginRate ?? 0.005;
    let others = this.walletBalance;
    for (const other of this.positions.values()) {
      if (other === pos || other.size === 0) continue;
      const mark = priceOf(other.symbol) ?? other.avgPrice;
      others += unrealisedPnl(other, mark) - positionMM(other, mark, instruments.get(other.symbol)?.maintenanceMarginRate ?? 0.005);
    }
    return liquidationPrice(pos, mmRate, others);
  }
}
