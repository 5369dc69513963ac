import { readStream, type Bus } from '@mast/bus';
import { streamName, type EventOf, type MastEvent, type StrategyConfig } from '@mast/contracts';
import type { CandleColumns, FoldResult, OpenPosition, Trade } from '@mast/core';

/** The decisions of a namespace's signal and risk streams, in stream order (per-candle events left out). */
export interface NamespaceDecisions {
  readonly signal: readonly MastEvent[];
  readonly risk: readonly MastEvent[];
}

export interface ReadDecisionsOptions {
  /** Receives every PortfolioMarked, in stream order (kept out of `risk`: one per candle is a lot). */
  readonly onMark?: (mark: EventOf<'PortfolioMarked'>['data']) => void;
}

/** The namespace's decisions: signal events but CandleAssessed, risk events but PortfolioMarked. */
export async function readDecisions(bus: Bus, ns: string, options: ReadDecisionsOptions = {}): Promise<NamespaceDecisions> {
  const signal: MastEvent[] = [];
  const risk: MastEvent[] = [];
  for await (const { event } of readStream(bus, { stream: streamName(ns, 'sig'), batch: 5000 })) if (event.type !== 'CandleAssessed') signal.push(event);
  for await (const { event } of readStream(bus, { stream: streamName(ns, 'risk'), batch: 5000 })) {
    if (event.type === 'PortfolioMarked') options.onMark?.(event.data);
    else risk.push(event);
  }
  return { signal, risk };
}

/**
 * Equity and drawdown per candle row from the PortfolioMarked events, which risk publishes in the
 * rules' order, the columns' order: matched by walking both, in constant memory.
 */
export function markCollector(columns: CandleColumns) {
  const n = columns.length;
  const equity = new Float64Array(n);
  const drawdown = new Float64Array(n);
  let row = 0;
  let matched = 0;
  let halted = false;
  return {
    onMark(mark: EventOf<'PortfolioMarked'>['data']) {
      halted = mark.tradingState === 'HALTED';
      for (let i = row; i < n; i++) {
        if (columns.ts[i]! + 60_000 === mark.T && columns.symbols[columns.symbolIndex[i]!] === mark.symbol) {
          equity[i] = mark.equity;
          drawdown[i] = mark.drawdown;
          matched++;
          row = i + 1;
          return;
        }
        if (columns.ts[i]! + 60_000 > mark.T) return;
      }
    },
    result: () => ({ equity, drawdown, matched, total: n, halted }),
  };
}

/** Decision types the core counts in `eventCounts`, as the services publish them. */
const COUNTED = new Set(['EmaCrossed', 'RegimeChanged', 'EntrySignalled', 'EntryRejected', 'CooldownStarted', 'TradingStateChanged', 'SizeFactorChanged', 'DailyLossLocked', 'DailyLossUnlocked']);

/**
 * What the backtest's fold returns, rebuilt from what the services decided: trades from risk's
 * open and close requests (the rules' own prices: the same arithmetic as the core's bookClose,
 * so equal decisions give equal numbers to the bit), the balance applied in the order risk
 * booked it, equity and drawdown from each candle's PortfolioMarked. Fills at the simulated
 * exchange are facts of the execution stream and are reported beside, not mixed in.
 */
/**
 * Positions the exchange closed by itself (its stop or target, at levels rounded to its tick)
 * while the rules still held them: risk books those at the exchange's fill, so they are trades
 * of the run too. They are the execution stream's PositionClosed facts with no close request.
 */
export function exchangeCloses(decisions: NamespaceDecisions, executed: readonly EventOf<'PositionClosed'>['data'][]): EventOf<'PositionClosed'>['data'][] {
  const requested = new Set<string>();
  for (const e of decisions.risk) if (e.type === 'OrderRequested' && e.data.intent === 'CLOSE') requested.add(`${e.data.symbol}@${e.data.entryT}`);
  return executed.filter((c) => !requested.has(`${c.symbol}@${c.entryT}`));
}

export function foldResultFromDecisions(columns: CandleColumns, decisions: NamespaceDecisions, marks: ReturnType<ReturnType<typeof markCollector>['result']>, config: StrategyConfig, byExchange: readonly EventOf<'PositionClosed'>['data'][] = [], refused: ReadonlySet<string> = new Set()): FoldResult {
  const taker = config.fees.taker;
  const trades: Trade[] = [];
  const open = new Map<string, { entryT: number; entryPrice: number; qty: number; entryFee: number }>();
  const eventCounts: Record<string, number> = {};
  const count = (type: string) => (eventCounts[type] = (eventCounts[type] ?? 0) + 1);
  let balance = config.initialBalance;

  for (const event of decisions.signal) if (COUNTED.has(event.type)) count(event.type);
  // Risk books an exchange's own close once it handled that candle: after its decisions of that T.
  const pendingExchange = [...byExchange].sort((a, b) => a.T - b.T);
  const bookExchangeUpTo = (T: number) => {
    while (pendingExchange.length > 0 && pendingExchange[0]!.T < T) {
      const c = pendingExchange.shift()!;
      const position = open.get(c.symbol);
      if (!position || position.entryT !== c.entryT) continue;
      open.delete(c.symbol);
      balance += (position.entryPrice - c.exitPrice) * position.qty - c.exitFee;
      count('PositionClosed');
      trades.push({ symbol: c.symbol, entryTs: c.entryT, entryPrice: position.entryPrice, exitTs: c.T, exitPrice: c.exitPrice, qty: position.qty, reason: c.reason, fees: position.entryFee + c.exitFee, pnl: (position.entryPrice - c.exitPrice) * position.qty - position.entryFee - c.exitFee });
    }
  };
  for (const event of decisions.risk) {
    if (COUNTED.has(event.type)) count(event.type);
    if (event.type !== 'OrderRequested') continue;
    const o = event.data;
    bookExchangeUpTo(o.T);
    // An entry the exchange refused never happened (risk takes it off its book too).
    if (o.intent === 'OPEN' && refused.has(o.requestId)) continue;
    if (o.intent === 'OPEN') {
      const entryFee = taker * o.modelPrice * o.qty;
      balance -= entryFee;
      open.set(o.symbol, { entryT: o.T, entryPrice: o.modelPrice, qty: o.qty, entryFee });
      count('PositionOpened');
      continue;
    }
    const position = open.get(o.symbol);
    if (!position) continue;
    open.delete(o.symbol);
    const E = position.entryPrice;
    const X = o.modelPrice;
    const q = position.qty;
    const exitFee = taker * X * q;
    const pnl = (E - X) * q - position.entryFee - exitFee;
    balance += (E - X) * q - exitFee;
    count('PositionClosed');
    trades.push({ symbol: o.symbol, entryTs: position.entryT, entryPrice: E, exitTs: o.T, exitPrice: X, qty: q, reason: o.reason as Trade['reason'], fees: position.entryFee + exitFee, pnl });
  }
  bookExchangeUpTo(Infinity);
  if (marks.matched !== marks.total) throw new Error(`${marks.total - marks.matched} of ${marks.total} candles have no PortfolioMarked in the replay: the run did not finish`);
  let maxDrawdown = 0;
  for (const dd of marks.drawdown) if (dd > maxDrawdown) maxDrawdown = dd;

  const lastClose = new Map<string, number>();
  for (let i = 0; i < columns.length; i++) lastClose.set(columns.symbols[columns.symbolIndex[i]!]!, columns.close[i]!);
  const openPositions: OpenPosition[] = [];
  for (const symbol of config.symbols) {
    const p = open.get(symbol);
    if (!p) continue;
    const last = lastClose.get(symbol) ?? p.entryPrice;
    openPositions.push({ symbol, entryTs: p.entryT, entryPrice: p.entryPrice, qty: p.qty, entryFee: p.entryFee, lastClose: last, unrealizedPnl: (p.entryPrice - last) * p.qty });
  }
  return { trades, openPositions, initialBalance: config.initialBalance, finalBalance: balance, equity: marks.equity, drawdown: marks.drawdown, maxDrawdown, halted: marks.halted, eventCounts };
}

/** What the simulated exchange did: its closed positions, and the order requests it refused. */
export interface ExecutionFacts {
  readonly closes: EventOf<'PositionClosed'>['data'][];
  readonly refused: ReadonlySet<string>;
}

export async function readExecutionFacts(bus: Bus, ns: string): Promise<ExecutionFacts> {
  const closes: EventOf<'PositionClosed'>['data'][] = [];
  const refused = new Set<string>();
  for await (const { event } of readStream(bus, { stream: streamName(ns, 'exec'), batch: 5000 })) {
    if (event.type === 'PositionClosed') closes.push(event.data);
    if (event.type === 'OrderRejected') refused.add(event.data.requestId);
  }
  return { closes, refused };
}
