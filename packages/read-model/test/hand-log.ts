import { decisionId, makeEvent } from '@mast/contracts';
import type { MastEvent } from '@mast/contracts';

/**
 * A small log written by hand: two trades over two UTC days, cooldowns that extend and end,
 * entry rejections, risk's state changes and marks, a balance report and signal events. Tests
 * derive what the read model must hold from these events' own data.
 */

const MINUTE = 60_000;
/** A candle close at 23:00 UTC: decisions at T0 + 30 min are on day D, at T0 + 90 min on day D + 1. */
export const T0 = Date.UTC(2025, 4, 5, 23, 0);
export const DAY_D = '2025-05-05';
export const DAY_D1 = '2025-05-06';

const fee = (price: number, qty: number) => 0.00055 * price * qty;
const candle = (symbol: string, ts: number, close: number) =>
  makeEvent('CandleClosed', { ts: ts + MINUTE, source: 'market-data', data: { symbol, ts, open: close, high: close * 1.001, low: close * 0.999, close, volume: 10 } });

export function handLog() {
  const btcOpen = makeEvent('PositionOpened', {
    ts: T0,
    source: 'execution',
    id: decisionId('PositionOpened', 'BTCUSDT', T0),
    data: { symbol: 'BTCUSDT', T: T0, crossT: T0 - 5 * MINUTE, entryPrice: 95_000, qty: 0.2, entryFee: fee(95_000, 0.2), takeProfit: 95_000 * 0.94, stopLoss: 95_000 * 1.015, sizeFactor: 1 },
  });
  const ethOpen = makeEvent('PositionOpened', {
    ts: T0,
    source: 'execution',
    id: decisionId('PositionOpened', 'ETHUSDT', T0),
    data: { symbol: 'ETHUSDT', T: T0, crossT: T0 - 3 * MINUTE, entryPrice: 1_800, qty: 5, entryFee: fee(1_800, 5), takeProfit: 1_800 * 0.94, stopLoss: 1_800 * 1.015, sizeFactor: 1 },
  });
  const T1 = T0 + 30 * MINUTE;
  const btcExit = 96_425;
  const btcClose = makeEvent('PositionClosed', {
    ts: T1,
    source: 'execution',
    id: decisionId('PositionClosed', 'BTCUSDT', T1),
    data: { symbol: 'BTCUSDT', T: T1, reason: 'STOP_LOSS', entryT: T0, entryPrice: 95_000, exitPrice: btcExit, qty: 0.2, entryFee: fee(95_000, 0.2), exitFee: fee(btcExit, 0.2), pnl: (95_000 - btcExit) * 0.2 - fee(95_000, 0.2) - fee(btcExit, 0.2) },
  });
  const quickExit = makeEvent('CooldownStarted', { ts: T1, source: 'risk', id: decisionId('CooldownStarted', 'BTCUSDT', T1, 'QUICK_EXIT'), data: { symbol: 'BTCUSDT', T: T1, rule: 'QUICK_EXIT', until: T1 + 60 * MINUTE } });
  const lossStreak = makeEvent('CooldownStarted', { ts: T1, source: 'risk', id: decisionId('CooldownStarted', 'BTCUSDT', T1, 'LOSS_STREAK'), data: { symbol: 'BTCUSDT', T: T1, rule: 'LOSS_STREAK', until: T1 + 120 * MINUTE } });
  const hourly = makeEvent('CooldownStarted', { ts: T1, source: 'risk', id: decisionId('CooldownStarted', 'BTCUSDT', T1, 'HOURLY'), data: { symbol: 'BTCUSDT', T: T1, rule: 'HOURLY', until: T1 + 120 * MINUTE } });
  const reducing = makeEvent('TradingStateChanged', { ts: T1, source: 'risk', id: decisionId('TradingStateChanged', null, T1, 'BTCUSDT'), data: { T: T1, from: 'ACTIVE', to: 'REDUCING', drawdown: 0.16, equity: 8_400, blockedUntil: T1 + 1440 * MINUTE } });
  const halfSize = makeEvent('SizeFactorChanged', { ts: T1, source: 'risk', id: decisionId('SizeFactorChanged', null, T1, 'BTCUSDT'), data: { T: T1, sizeFactor: 0.5, drawdown: 0.16 } });
  const mark1 = mark(T1, 'BTCUSDT', { equity: 8_300, drawdown: 0.17 });
  const rejections = [
    makeEvent('EntryRejected', { ts: T1 + MINUTE, source: 'risk', id: decisionId('EntryRejected', 'SOLUSDT', T1 + MINUTE), data: { symbol: 'SOLUSDT', T: T1 + MINUTE, crossT: T1 - 2 * MINUTE, reason: 'REDUCING' } }),
    makeEvent('EntryRejected', { ts: T1 + 2 * MINUTE, source: 'risk', id: decisionId('EntryRejected', 'SOLUSDT', T1 + 2 * MINUTE), data: { symbol: 'SOLUSDT', T: T1 + 2 * MINUTE, crossT: T1 - 2 * MINUTE, reason: 'REDUCING' } }),
    makeEvent('EntryRejected', { ts: T1 + 2 * MINUTE, source: 'risk', id: decisionId('EntryRejected', 'BTCUSDT', T1 + 2 * MINUTE), data: { symbol: 'BTCUSDT', T: T1 + 2 * MINUTE, crossT: T1 - 2 * MINUTE, reason: 'COOLDOWN' } }),
  ];
  const T2 = T0 + 90 * MINUTE;
  const ethExit = 1_700;
  const ethClose = makeEvent('PositionClosed', {
    ts: T2,
    source: 'execution',
    id: decisionId('PositionClosed', 'ETHUSDT', T2),
    data: { symbol: 'ETHUSDT', T: T2, reason: 'TAKE_PROFIT', entryT: T0, entryPrice: 1_800, exitPrice: ethExit, qty: 5, entryFee: fee(1_800, 5), exitFee: fee(ethExit, 5), pnl: (1_800 - ethExit) * 5 - fee(1_800, 5) - fee(ethExit, 5) },
  });
  const balance = makeEvent('BalanceChanged', { ts: T2, source: 'execution', data: { balance: 9_321.5, equity: 9_300 } });
  const lock = makeEvent('DailyLossLocked', { ts: T2, source: 'risk', id: decisionId('DailyLossLocked', null, T2, 'ETHUSDT'), data: { T: T2, day: Math.floor((T2 - MINUTE) / 86_400_000), dayStartEquity: 9_900, equity: 9_350, loss: 550 } });
  const mark2 = mark(T2, 'ETHUSDT', { equity: 9_350, drawdown: 0.05 });
  const ethDaily = makeEvent('CooldownStarted', { ts: T2, source: 'risk', id: decisionId('CooldownStarted', 'ETHUSDT', T2, 'DAILY'), data: { symbol: 'ETHUSDT', T: T2, rule: 'DAILY', until: T2 + 240 * MINUTE } });
  const btcEnded = makeEvent('CooldownEnded', { ts: T1 + 120 * MINUTE, source: 'risk', id: decisionId('CooldownEnded', 'BTCUSDT', T1 + 120 * MINUTE), data: { symbol: 'BTCUSDT', T: T1 + 120 * MINUTE } });
  const regime = makeEvent('RegimeChanged', {
    ts: T1,
    source: 'signal',
    id: decisionId('RegimeChanged', 'BTCUSDT', T1),
    data: { symbol: 'BTCUSDT', T: T1, from: 'ACTIVE', to: 'VOLATILE', indicators: { emaFast: 95_100, emaSlow: 95_200, rv: 0.031, crosses24h: 4 } },
  });
  const cross = makeEvent('EmaCrossed', { ts: T2, source: 'signal', id: decisionId('EmaCrossed', 'ETHUSDT', T2), data: { symbol: 'ETHUSDT', T: T2, direction: 'BULLISH', emaFast: 1_751, emaSlow: 1_750, crosses24h: 2 } });

  const events: MastEvent[] = [
    candle('BTCUSDT', T0 - MINUTE, 95_000),
    candle('ETHUSDT', T0 - MINUTE, 1_800),
    btcOpen,
    ethOpen,
    candle('BTCUSDT', T0, 95_500),
    regime,
    btcClose,
    quickExit,
    lossStreak,
    hourly,
    reducing,
    halfSize,
    mark1,
    ...rejections,
    candle('ETHUSDT', T2 - 2 * MINUTE, 1_700),
    ethClose,
    balance,
    lock,
    mark2,
    ethDaily,
    cross,
    btcEnded,
  ];
  return { events, btcOpen, ethOpen, btcClose, ethClose, quickExit, lossStreak, hourly, reducing, halfSize, mark1, mark2, rejections, balance, lock, ethDaily, btcEnded, regime, cross };
}

function mark(T: number, symbol: string, at: { equity: number; drawdown: number }) {
  return makeEvent('PortfolioMarked', {
    ts: T,
    source: 'risk',
    id: decisionId('PortfolioMarked', null, T, symbol),
    data: {
      T,
      symbol,
      balance: at.equity,
      equity: at.equity,
      peak: at.equity / (1 - at.drawdown),
      drawdown: at.drawdown,
      exposure: 0,
      openPositions: 0,
      tradingState: 'ACTIVE',
      sizeFactor: 1,
      dailyLocked: false,
      applied: { assessed: 1, exec: 0, ctl: 0 },
    },
  });
}
