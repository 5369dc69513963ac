/**
 * Margin arithmetic of a unified (cross-margin) account holding USDT linear positions.
 * Initial margin is entry value / leverage (Bybit adds an estimated closing fee; the simulator
 * does not). Maintenance margin uses the instrument's first-tier rate at the mark price.
 */
import { Side, type PositionRecord } from './records';

export function unrealisedPnl(pos: PositionRecord, markPrice: number): number {
  if (pos.size === 0 || pos.side === '') return 0;
  return pos.side === Side.BUY ? (markPrice - pos.avgPrice) * pos.size : (pos.avgPrice - markPrice) * pos.size;
}

export function positionIM(pos: PositionRecord): number {
  return pos.size === 0 ? 0 : (pos.size * pos.avgPrice) / pos.leverage;
}

export function positionMM(pos: PositionRecord, markPrice: number, mmRate: number): number {
  return pos.size * markPrice * mmRate;
}

/** Gross P&L of closing `qty` of a position at `price`. */
export function closingPnl(pos: PositionRecord, qty: number, price: number): number {
  return pos.side === Side.BUY ? (price - pos.avgPrice) * qty : (pos.avgPrice - price) * qty;
}

/**
 * The mark price at which account equity would fall to total maintenance margin, moving only
 * this position's price (other positions held at their current marks). Undefined when no
 * positive price liquidates it.
 */
export function liquidationPrice(pos: PositionRecord, mmRate: number, equityOfOthers: number): number | undefined {
  if (pos.size === 0) return undefined;
  const s = pos.size;
  const price = pos.side === Side.SELL
    ? (equityOfOthers + pos.avgPrice * s) / (s * (1 + mmRate))
    : (pos.avgPrice * s - equityOfOthers) / (s * (1 - mmRate));
  return price > 0 && Number.isFinite(price) ? price : undefined;
}
