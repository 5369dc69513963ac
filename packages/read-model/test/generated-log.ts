import { decisionId, eventFromDecision, makeEvent, orderRequestId, resolveStrategyConfig, streamForEvent } from '@mast/contracts';
import type { MastEvent, StrategyConfig } from '@mast/contracts';
import { indicatorValues, initialEngineState, MINUTE_MS, openNotional, stepEngineCandle } from '@mast/core';
import type { Candle, CoreEvent, Trade } from '@mast/core';
import type { ProjectionItem } from '../src/projection/projection-item';
import { loadSampleCandles } from './sample-candles';

export const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] as const;

/**
 * Rules tight enough that a few days of the sample candles give every kind of decision: trades
 * of several exit reasons, cooldowns, size factor and trading state changes, a daily loss lock.
 */
export const BUSY_CONFIG: StrategyConfig = resolveStrategyConfig({
  ema: { fast: 60, slow: 180 },
  sizing: { leverage: 30 },
  exits: { takeProfit: 0.01, stopLoss: 0.004, maxHoldMinutes: 240 },
  risk: { dailyLossLimit: 0.02, drawdown: { reduceAt: 0.02, blockAt: 0.04, blockMinutes: 240, haltAt: 0.5 } },
});

export interface GeneratedLog {
  /** In the order the services would have published them; each stream's seq counts from 1. */
  readonly items: readonly ProjectionItem[];
  /** The trades the core itself reports, in close order: the oracle for the read model. */
  readonly trades: readonly Trade[];
  readonly candles: number;
  readonly finalBalance: number;
}

/**
 * An event log as the services would write it, from running the pure core over sample candles:
 * each candle, then the signal decisions and CandleAssessed, then risk's decisions, risk's order requests and execution's order flow around every
 * position, with the balance after each fill; CooldownEnded when a cooldown has run out; and a
 * few lifecycle events; a PortfolioMarked closes each candle. Every event goes to the stream its type is routed to.
 */
export interface GenerateOptions {
  readonly days: number;
  readonly config?: StrategyConfig;
  readonly skipMinutes?: number;
  /**
   * Publish the per-candle CandleAssessed and PortfolioMarked too (default true, as the pipeline
   * does); without them candles dominate the log.
   */
  readonly perCandle?: boolean;
}

export function generateLog(ns: string, options: GenerateOptions): GeneratedLog {
  const perCandle = options.perCandle ?? true;
  const config = options.config ?? BUSY_CONFIG;
  const candles = loadSampleCandles(config.symbols, options.days * 1440, options.skipMinutes ?? 0);
  const items: ProjectionItem[] = [];
  const seqs = new Map<string, number>();
  const push = (event: MastEvent) => {
    const stream = streamForEvent(ns, event.type);
    const seq = (seqs.get(stream) ?? 0) + 1;
    seqs.set(stream, seq);
    items.push({ event, stream, seq });
  };

  const startTs = candles[0]!.ts;
  push(makeEvent('ServiceStarted', { ts: startTs, source: 'projection-test', data: { service: 'market-data', instance: 'md-1', version: '0.1.0' } }));
  push(makeEvent('FeedConnected', { ts: startTs, source: 'market-data', data: { reason: 'start' } }));

  const state = initialEngineState(config);
  const trades: Trade[] = [];
  const cooldownUntil = new Map<string, number>();
  let balance = config.initialBalance;
  let fills = 0;

  for (const candle of candles) {
    const T = candle.ts + MINUTE_MS;
    const candleEvent = makeEvent('CandleClosed', { ts: T, source: 'market-data', data: candleData(candle) });
    push(candleEvent);
    const chain = { causationId: candleEvent.id, correlationId: candleEvent.id };

    const until = cooldownUntil.get(candle.symbol);
    if (until !== undefined && T >= until) {
      cooldownUntil.delete(candle.symbol);
      push(makeEvent('CooldownEnded', { ts: T, source: 'risk', id: decisionId('CooldownEnded', candle.symbol, T), data: { symbol: candle.symbol, T }, ...chain }));
    }

    const decisions: CoreEvent[] = [];
    stepEngineCandle(state, candle, (decision) => decisions.push(decision));
    // As the services publish them: the signal service's decisions and its verdict on the candle,
    // then risk's decisions (positions through execution), then risk's mark of the portfolio.
    const signal = state.signals[config.symbols.indexOf(candle.symbol)]!;
    const signalTypes = new Set(['EmaCrossed', 'RegimeChanged', 'EntrySignalled']);
    const entry = decisions.find((d) => d.type === 'EntrySignalled');
    const signalDecisions = decisions.filter((d) => signalTypes.has(d.type));
    const riskDecisions = decisions.filter((d) => !signalTypes.has(d.type));
    for (const decision of signalDecisions) push(eventFromDecision(decision, { id: idOf(decision, candle.symbol), source: 'signal', ...chain }));
    const assessedId = decisionId('CandleAssessed', candle.symbol, T);
    if (perCandle)
      push(
      makeEvent('CandleAssessed', {
        ts: T,
        source: 'signal',
        id: assessedId,
        ...chain,
        data: { symbol: candle.symbol, T, candle: candleData(candle), regime: signal.regime, indicators: indicatorValues(signal), entry: entry ? withoutType(entry) : null },
      }),
    );
    for (const decision of riskDecisions) {
      const id = idOf(decision, candle.symbol);
      if (decision.type === 'PositionOpened' || decision.type === 'PositionClosed') {
        const open = decision.type === 'PositionOpened';
        const requestId = orderRequestId(id, open ? 'OPEN' : 'CLOSE');
        const request = makeEvent('OrderRequested', {
          ts: T,
          source: 'risk',
          id: decisionId('OrderRequested', decision.symbol, T, requestId),
          ...chain,
          data: open
            ? { requestId, symbol: decision.symbol, T, side: 'SELL', intent: 'OPEN', qty: decision.qty, modelPrice: decision.entryPrice, reason: 'ENTRY', takeProfit: decision.takeProfit, stopLoss: decision.stopLoss, reduceOnly: false, crossT: decision.crossT, sizeFactor: decision.sizeFactor }
            : { requestId, symbol: decision.symbol, T, side: 'BUY', intent: 'CLOSE', qty: decision.qty, modelPrice: decision.exitPrice, reason: decision.reason, reduceOnly: true, entryT: decision.entryT },
        });
        push(request);
        fills++;
        const orderId = `ord-${fills}`;
        const accepted = makeEvent('OrderAccepted', { ts: T, source: 'execution', causationId: request.id, correlationId: candleEvent.id, data: { requestId, orderId, orderLinkId: requestId, symbol: decision.symbol } });
        push(accepted);
        const filled = makeEvent('OrderFilled', {
          ts: T,
          source: 'execution',
          causationId: accepted.id,
          correlationId: candleEvent.id,
          data: {
            requestId,
            orderId,
            symbol: decision.symbol,
            side: open ? 'SELL' : 'BUY',
            qty: decision.qty,
            price: open ? decision.entryPrice : decision.exitPrice,
            fee: open ? decision.entryFee : decision.exitFee,
            execId: `exec-${fills}`,
          },
        });
        push(filled);
        push(eventFromDecision(decision, { id, source: 'execution', causationId: filled.id, correlationId: candleEvent.id }));
        balance = open ? balance - decision.entryFee : balance + (decision.entryPrice - decision.exitPrice) * decision.qty - decision.exitFee;
        push(makeEvent('BalanceChanged', { ts: T, source: 'execution', causationId: filled.id, correlationId: candleEvent.id, data: { balance } }));
        if (!open) trades.push(tradeOf(decision));
        continue;
      }
      if (decision.type === 'CooldownStarted') cooldownUntil.set(decision.symbol, decision.until);
      push(eventFromDecision(decision, { id, source: 'risk', causationId: assessedId, correlationId: candleEvent.id }));
    }
    const p = state.portfolio;
    if (perCandle)
      push(
      makeEvent('PortfolioMarked', {
        ts: T,
        source: 'risk',
        id: decisionId('PortfolioMarked', null, T, candle.symbol),
        causationId: assessedId,
        correlationId: candleEvent.id,
        data: {
          T,
          symbol: candle.symbol,
          balance: p.balance,
          equity: p.equity,
          peak: p.peak,
          drawdown: Math.max(0, p.drawdown),
          exposure: openNotional(p),
          openPositions: p.openCount,
          tradingState: p.tradingState,
          sizeFactor: p.sizeFactor,
          dailyLocked: p.dailyLocked,
          applied: { assessed: seqs.get(streamForEvent(ns, 'CandleAssessed'))!, exec: seqs.get(streamForEvent(ns, 'BalanceChanged')) ?? 0, ctl: 0 },
        },
      }),
    );
  }
  return { items, trades, candles: candles.length, finalBalance: balance };
}

function withoutType<E extends { type: string }>(decision: E): Omit<E, 'type'> {
  const { type: _type, ...data } = decision;
  return data;
}

function candleData(candle: Candle) {
  return { symbol: candle.symbol, ts: candle.ts, open: candle.open, high: candle.high, low: candle.low, close: candle.close, volume: candle.volume };
}

/** The id a service derives for a decision (ids.ts): portfolio-wide ones carry the deciding candle's symbol. */
function idOf(decision: CoreEvent, candleSymbol: string): string {
  switch (decision.type) {
    case 'TradingStateChanged':
    case 'SizeFactorChanged':
    case 'DailyLossLocked':
    case 'DailyLossUnlocked':
      return decisionId(decision.type, null, decision.T, candleSymbol);
    case 'CooldownStarted':
      return decisionId(decision.type, decision.symbol, decision.T, decision.rule);
    default:
      return decisionId(decision.type, decision.symbol, decision.T);
  }
}

function tradeOf(closed: Extract<CoreEvent, { type: 'PositionClosed' }>): Trade {
  return {
    symbol: closed.symbol,
    entryTs: closed.entryT,
    entryPrice: closed.entryPrice,
    exitTs: closed.T,
    exitPrice: closed.exitPrice,
    qty: closed.qty,
    reason: closed.reason,
    fees: closed.entryFee + closed.exitFee,
    pnl: closed.pnl,
  };
}

