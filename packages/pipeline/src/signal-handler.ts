import { candleEventId, decisionId, type EventOf, type MastEvent, type StrategyConfig } from '@mast/contracts';
import { advanceSignal, decideEntrySignal, indicatorValues, initialSignalState, MINUTE_MS, type SignalEvent, type SignalState } from '@mast/core';
import { envelope } from './envelope';

/**
 * The signal service's work on one closed candle: advance the symbol's indicators with the
 * core's rules and publish what they decided (crosses, regime changes, entry signals) plus the
 * candle's verdict, CandleAssessed, which the risk service consumes in order.
 *
 * The state is a pure function of the candles, so it is rebuilt at start by replaying the
 * candle stream (`replay`), which publishes nothing.
 */
export interface SignalHandler {
  /** The events to publish for this candle, in order; none for a candle already handled. */
  handle(candle: EventOf<'CandleClosed'>): MastEvent[];
  /** Advances the state without producing events (rebuild at start). */
  replay(candle: EventOf<'CandleClosed'>): void;
  /** Open time of the last candle handled per symbol. */
  lastTs(symbol: string): number | undefined;
}

export class UnknownSymbolError extends Error {
  override readonly name = 'UnknownSymbolError';
}

export function createSignalHandler(config: StrategyConfig, source = 'signal'): SignalHandler {
  const states = new Map<string, SignalState>(config.symbols.map((symbol) => [symbol, initialSignalState(symbol, config)]));

  const advance = (candle: EventOf<'CandleClosed'>, out: MastEvent[] | null): void => {
    const c = candle.data;
    const state = states.get(c.symbol);
    if (!state) throw new UnknownSymbolError(`candle for ${c.symbol}, which this signal service does not trade (${config.symbols.join(', ')})`);
    // A redelivered or re-published candle: its verdict is already on the log.
    if (state.indicators.count > 0 && c.ts + MINUTE_MS <= lastT.get(c.symbol)!) return;
    lastT.set(c.symbol, c.ts + MINUTE_MS);

    const T = c.ts + MINUTE_MS;
    const causeId = candle.id ?? candleEventId(c.symbol, c.ts);
    const meta = (id: string) => ({ id, ts: T, source, causationId: causeId, correlationId: causeId });
    const emit = out
      ? (decision: SignalEvent) => {
          const { type, ...data } = decision;
          out.push(envelope(type, data as never, meta(decisionId(type, c.symbol, T))));
        }
      : null;
    const regime = advanceSignal(state, c.close, T, config, emit);
    const entry = decideEntrySignal(state, c.close, T);
    if (!out) return;
    let entryData = null;
    if (entry) {
      const { type, ...data } = entry;
      entryData = data;
      out.push(envelope(type, data, meta(decisionId(type, c.symbol, T))));
    }
    out.push(
      envelope(
        'CandleAssessed',
        { symbol: c.symbol, T, candle: c, regime, indicators: indicatorValues(state), entry: entryData },
        meta(decisionId('CandleAssessed', c.symbol, T)),
      ),
    );
  };
  const lastT = new Map<string, number>();

  return {
    handle(candle) {
      const out: MastEvent[] = [];
      advance(candle, out);
      return out;
    },
    replay(candle) {
      advance(candle, null);
    },
    lastTs: (symbol) => {
      const T = lastT.get(symbol);
      return T === undefined ? undefined : T - MINUTE_MS;
    },
  };
}
