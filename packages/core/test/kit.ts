import { resolveStrategyConfig, type StrategyConfig } from '@mast/contracts';
import type { CandleColumns } from '../src/candles';
import type { CoreEvent } from '../src/events';
import type { Position } from '../src/position';

/** A config through the same zod schema as production, with overrides deep-merged. */
export function config(overrides: Record<string, unknown> = {}): StrategyConfig {
  return resolveStrategyConfig(overrides);
}

/** Collects decisions in order. */
export function recorder(): { events: CoreEvent[]; emit: (event: CoreEvent) => void; ofType<T extends CoreEvent['type']>(type: T): Extract<CoreEvent, { type: T }>[] } {
  const events: CoreEvent[] = [];
  return {
    events,
    emit: (event) => events.push(event),
    ofType: <T extends CoreEvent['type']>(type: T) => events.filter((e): e is Extract<CoreEvent, { type: T }> => e.type === type),
  };
}

export function position(overrides: Partial<Position> & { entryPrice: number }): Position {
  const { entryPrice } = overrides;
  return {
    symbol: 'BTCUSDT',
    symbolIndex: 0,
    qty: 1,
    entryT: 0,
    entryFee: 0,
    crossT: 0,
    takeProfit: entryPrice * (1 - 0.06),
    stopLoss: entryPrice * (1 + 0.015),
    ...overrides,
  };
}

export interface CandleRow {
  symbol: string;
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

/** Columns from rows already in processing order. */
export function columns(symbols: readonly string[], rows: readonly CandleRow[]): CandleColumns {
  const n = rows.length;
  const out = {
    symbols,
    length: n,
    symbolIndex: new Uint8Array(n),
    ts: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  rows.forEach((row, i) => {
    out.symbolIndex[i] = symbols.indexOf(row.symbol);
    out.ts[i] = row.ts;
    out.open[i] = row.open;
    out.high[i] = row.high;
    out.low[i] = row.low;
    out.close[i] = row.close;
    out.volume[i] = 1;
  });
  return out;
}

/** A flat candle at `close` (open = high = low = close). */
export function flat(symbol: string, ts: number, close: number): CandleRow {
  return { symbol, ts, open: close, high: close, low: close, close };
}
