import { decisionId, orderRequestId, type EventOf, type MastEvent, type StrategyConfig } from '@mast/contracts';
import {
  applyControl,
  bookClose,
  dayOf,
  initialPortfolio,
  MINUTE_MS,
  openNotional,
  stepRisk,
  type OperatorControl,
  type Portfolio,
  type RiskEvent,
} from '@mast/core';
import { createCandleSequencer } from './candle-sequencer';
import { envelope } from './envelope';

/**
 * The risk service's work. Candles arrive as the signal service assessed them (CandleAssessed,
 * one ordered stream) and go through the core's steps 3-5; the core's decisions become events:
 * its PositionOpened/PositionClosed become order requests (execution publishes the facts), the
 * rest are published as they are, and a PortfolioMarked closes every candle.
 *
 * Risk books its own decisions at the model price at once (the next candle's marking and sizing
 * need them) and keeps deciding on that book: see `handleExecution` for the facts that change it.
 */
export interface RiskHandler {
  readonly portfolio: Portfolio;
  /** Events to publish for this assessed candle (none for a repeat). `seq` is its stream sequence. */
  handleAssessed(event: EventOf<'CandleAssessed'>, seq: number): MastEvent[];
  /** Applies an execution fact; returns the decisions it caused (cooldowns after an exchange-side stop). */
  handleExecution(event: MastEvent, seq: number): MastEvent[];
  /** Applies an operator command; returns the decisions it caused. */
  handleControl(event: MastEvent, seq: number): MastEvent[];
  /** The last applied sequence of each input stream. */
  readonly applied: { assessed: number; exec: number; ctl: number };
}

export function createRiskHandler(config: StrategyConfig, source = 'risk'): RiskHandler {
  const portfolio = initialPortfolio(config);
  const applied = { assessed: 0, exec: 0, ctl: 0 };
  let lastTs = -Infinity;
  let lastIndex = -1;
  /** `T` of the last candle handled per symbol. */
  const lastT = new Map<string, number>();

  /** Turns the core's decisions into events; `cause` is the id of the input that caused them. */
  const publisher = (out: MastEvent[], cause: string, candleSymbol: string | null) => (decision: RiskEvent) => {
    const T = decision.T;
    const meta = (id: string) => ({ id, ts: T, source, causationId: cause, correlationId: cause });
    switch (decision.type) {
      case 'PositionOpened': {
        const entryId = decisionId('EntrySignalled', decision.symbol, T);
        out.push(
          envelope(
            'OrderRequested',
            {
              requestId: orderRequestId(entryId, 'OPEN'),
              symbol: decision.symbol,
              T,
              side: 'SELL',
              intent: 'OPEN',
              qty: decision.qty,
              modelPrice: decision.entryPrice,
              reason: 'ENTRY',
              takeProfit: decision.takeProfit,
              stopLoss: decision.stopLoss,
              reduceOnly: false,
              crossT: decision.crossT,
              sizeFactor: decision.sizeFactor,
            },
            { ...meta(decisionId('OrderRequested', decision.symbol, T, 'OPEN')), correlationId: entryId },
          ),
        );
        return;
      }
      case 'PositionClosed': {
        const id = decisionId('OrderRequested', decision.symbol, T, `CLOSE-${decision.entryT}`);
        out.push(
          envelope(
            'OrderRequested',
            {
              requestId: orderRequestId(id, 'CLOSE'),
              symbol: decision.symbol,
              T,
              side: 'BUY',
              intent: 'CLOSE',
              qty: decision.qty,
              modelPrice: decision.exitPrice,
              reason: decision.reason,
              reduceOnly: true,
              entryT: decision.entryT,
            },
            // A close belongs to the story of the entry that opened it.
            { ...meta(id), correlationId: decisionId('EntrySignalled', decision.symbol, decision.entryT) },
          ),
        );
        return;
      }
      case 'CooldownStarted':
        out.push(envelope('CooldownStarted', strip(decision), meta(decisionId('CooldownStarted', decision.symbol, T, decision.rule))));
        return;
      case 'EntryRejected':
        out.push(envelope('EntryRejected', strip(decision), meta(decisionId('EntryRejected', decision.symbol, T))));
        return;
      default: {
        // Portfolio-wide decisions: several symbols' candles share a T, so the symbol tells them apart.
        const { type, ...data } = decision;
        out.push(envelope(type, data as never, meta(decisionId(type, null, T, candleSymbol ?? 'ctl'))));
      }
    }
  };

  /**
   * The signal service publishes verdicts in candle order, but a publish retried after a NATS
   * outage can land after a later one of the same minute. Verdicts therefore go through the
   * same sequencer as candles: a minute is applied in symbol order once every symbol's verdict
   * for it is here, or a later one is for each missing symbol. No clock is involved, so a
   * replay of the stream at start sequences exactly as the live run did.
   */
  const sequencer = createCandleSequencer<{ symbol: string; ts: number; event: EventOf<'CandleAssessed'>; seq: number }>(config.symbols, { deadlineMs: Infinity });

  const handleAssessed = (event: EventOf<'CandleAssessed'>, seq: number): MastEvent[] => {
    const { symbol, ts } = event.data.candle;
    if (!config.symbols.includes(symbol)) throw new RangeError(`assessed candle for ${symbol}, which this risk service does not trade`);
    applied.assessed = Math.max(applied.assessed, seq);
    const { ready } = sequencer.push({ symbol, ts, event, seq }, 0);
    const out: MastEvent[] = [];
    for (const item of ready) out.push(...applyAssessed(item.event, item.seq));
    return out;
  };

  const applyAssessed = (event: EventOf<'CandleAssessed'>, seq: number): MastEvent[] => {
    const { candle, regime, entry } = event.data;
    const index = config.symbols.indexOf(candle.symbol);
    // Repeats (redelivery, a re-published verdict) and stragglers behind the order are not applied twice.
    if (candle.ts < lastTs || (candle.ts === lastTs && index <= lastIndex)) return [];
    lastTs = candle.ts;
    lastIndex = index;

    const out: MastEvent[] = [];
    const coreEntry = entry ? { type: 'EntrySignalled' as const, ...entry } : null;
    stepRisk(portfolio, config, index, candle.ts, candle.open, candle.high, candle.low, candle.close, regime, coreEntry, publisher(out, event.id, candle.symbol));
    const T = candle.ts + MINUTE_MS;
    lastT.set(candle.symbol, T);
    settleExchangeCloses(candle.symbol, T, event.id, out);
    out.push(
      envelope(
        'PortfolioMarked',
        {
          T,
          symbol: candle.symbol,
          balance: portfolio.balance,
          equity: portfolio.equity,
          peak: portfolio.peak,
          drawdown: Math.max(0, portfolio.drawdown),
          exposure: openNotional(portfolio),
          openPositions: portfolio.openCount,
          tradingState: portfolio.tradingState,
          sizeFactor: portfolio.sizeFactor,
          dailyLocked: portfolio.dailyLocked,
          applied: { ...applied, assessed: seq },
        },
        { id: decisionId('PortfolioMarked', null, T, candle.symbol), ts: T, source, causationId: event.id, correlationId: event.id },
      ),
    );
    return out;
  };

  /**
   * Risk decides on the rules' own book (model fills), so that live, replay and backtest decide
   * alike; execution reports what reality did, and reconciliation reports drift. Two facts do
   * change the book: an entry the exchange refused never happened, and a position the exchange
   * closed by itself (its stop or target) while the rules still hold it is closed at the
   * exchange's fill. The latter is only judged once risk has handled the candle the fill belongs
   * to, so the book does not depend on which stream a message arrived on first.
   */
  const exchangeCloses: EventOf<'PositionClosed'>['data'][] = [];
  const settleExchangeCloses = (symbol: string, upToT: number, cause: string, out: MastEvent[]) => {
    for (let i = exchangeCloses.length - 1; i >= 0; i--) {
      const fact = exchangeCloses[i]!;
      if (fact.symbol !== symbol || fact.T > upToT) continue;
      exchangeCloses.splice(i, 1);
      const index = config.symbols.indexOf(symbol);
      const position = portfolio.positions[index];
      if (!position || position.entryT !== fact.entryT) continue; // the rules closed it too
      const publish = publisher(out, cause, symbol);
      // The close itself is the exchange's fact; only the cooldowns it starts are new decisions.
      bookClose(portfolio, index, fact.exitPrice, fact.exitFee, fact.reason, fact.T, dayOf(fact.T - MINUTE_MS), config, (d) => d.type !== 'PositionClosed' && publish(d));
    }
  };
  const handleExecution = (event: MastEvent, seq: number): MastEvent[] => {
    applied.exec = Math.max(applied.exec, seq);
    const out: MastEvent[] = [];
    if (event.type === 'PositionClosed') {
      exchangeCloses.push(event.data);
      settleExchangeCloses(event.data.symbol, lastT.get(event.data.symbol) ?? -Infinity, event.id, out);
    } else if (event.type === 'OrderRejected') {
      // An entry the exchange refused never happened: take it off the book (its cross stays used).
      const index = config.symbols.indexOf(event.data.symbol);
      const position = portfolio.positions[index];
      const openId = position ? orderRequestId(decisionId('EntrySignalled', position.symbol, position.entryT), 'OPEN') : null;
      if (position && event.data.requestId === openId) {
        portfolio.balance += position.entryFee;
        portfolio.positions[index] = null;
        portfolio.openCount--;
      }
    }
    return out;
  };

  const handleControl = (event: MastEvent, seq: number): MastEvent[] => {
    applied.ctl = Math.max(applied.ctl, seq);
    const control = toControl(event);
    if (!control) return [];
    const out: MastEvent[] = [];
    applyControl(portfolio, control, event.ts, config, publisher(out, event.id, null));
    return out;
  };

  return { portfolio, handleAssessed, handleExecution, handleControl, applied };
}

function strip<T extends { type: string }>(decision: T): Omit<T, 'type'> {
  const { type: _type, ...data } = decision;
  return data;
}

function toControl(event: MastEvent): OperatorControl | null {
  switch (event.type) {
    case 'EntriesPaused':
      return { kind: 'PAUSE_ENTRIES', symbol: event.data.symbol };
    case 'EntriesResumed':
      return { kind: 'RESUME_ENTRIES', symbol: event.data.symbol };
    case 'FlattenRequested':
      return { kind: 'FLATTEN', symbol: event.data.symbol };
    case 'HaltRequested':
      return { kind: 'HALT' };
    case 'TradingResumed':
      return { kind: 'RESUME_TRADING' };
    default:
      return null;
  }
}
