import { loadCandles, mergeCandles, type SymbolCandles } from '@mast/backtest';
import { readStream, type Bus } from '@mast/bus';
import { ANY, candleEventId, makeEvent, streamName, subjects, type EventOf } from '@mast/contracts';
import type { CandleColumns } from '@mast/core';

/** Where a replay takes its candles: a recorded namespace's candle stream, or candle files. */
export type CandleSource = { readonly kind: 'namespace'; readonly ns: string } | { readonly kind: 'files'; readonly dir: string };

export interface ReplayCandles {
  readonly columns: CandleColumns;
  readonly rowsPerSymbol: readonly number[];
  /** Row for row with `columns`: the CandleClosed events to publish (recorded ones keep their id). */
  readonly events: readonly EventOf<'CandleClosed'>[];
}

export class NoRecordedCandlesError extends Error {
  override readonly name = 'NoRecordedCandlesError';
}

export function describeSource(source: CandleSource): string {
  return source.kind === 'namespace' ? `namespace ${source.ns} (stream ${streamName(source.ns, 'md')})` : `candle files in ${source.dir}`;
}

/** Candles of `symbols` with `from <= ts < to`, in the rules' order, from the source. */
export async function loadReplayCandles(source: CandleSource, symbols: readonly string[], from: number, to: number, bus: Bus | null, options: { events: boolean } = { events: true }): Promise<ReplayCandles> {
  if (source.kind === 'files') {
    const { columns, rowsPerSymbol } = await loadCandles(source.dir, symbols, { from, to });
    // A sweep runs on the columns only: 2M validated events would cost more than its folds.
    if (!options.events) return { columns, rowsPerSymbol, events: [] };
    const events: EventOf<'CandleClosed'>[] = new Array(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const symbol = symbols[columns.symbolIndex[i]!]!;
      const ts = columns.ts[i]!;
      const data = { symbol, ts, open: columns.open[i]!, high: columns.high[i]!, low: columns.low[i]!, close: columns.close[i]!, volume: columns.volume[i]! };
      events[i] = makeEvent('CandleClosed', { id: candleEventId(symbol, ts), ts: ts + 60_000, source: 'replay-files', data });
    }
    return { columns, rowsPerSymbol, events };
  }
  if (!bus) throw new NoRecordedCandlesError(`reading namespace ${source.ns} needs a NATS connection`);
  return recordedCandles(source.ns, symbols, from, to, bus);
}

/**
 * Reads the recorded CandleClosed events of a namespace from `from` on (an ordered consumer that
 * starts at the first message stored at or after `from`'s close, so a two-year stream is not read
 * from its start) and keeps those in range. A candle stored twice keeps its first copy.
 */
async function recordedCandles(ns: string, symbols: readonly string[], from: number, to: number, bus: Bus): Promise<ReplayCandles> {
  const stream = streamName(ns, 'md');
  try {
    await bus.jsm.streams.info(stream);
  } catch (error) {
    throw new NoRecordedCandlesError(`namespace ${ns} has no candle stream ${stream} on this NATS (${error instanceof Error ? error.message : String(error)})`);
  }
  const perSymbol = new Map(symbols.map((s) => [s, [] as EventOf<'CandleClosed'>[]]));
  const seen = new Set<string>();
  // Stored times are wall-clock; a backfilled candle can be stored long after it closed, so start a day early.
  const startTime = new Date(Math.max(0, from - 86_400_000));
  for await (const { event } of readStream(bus, { stream, filterSubject: subjects(ns).candle(ANY), startTime, batch: 2000 })) {
    if (event.type !== 'CandleClosed') continue;
    const { symbol, ts } = event.data;
    // market-data publishes in the rules' order and resumes after its last candle: a day past
    // the end, nothing in range can follow.
    if (ts >= to + 86_400_000) break;
    const list = perSymbol.get(symbol);
    if (!list || ts < from || ts >= to || seen.has(event.id)) continue;
    seen.add(event.id);
    list.push(event);
  }
  const sets: SymbolCandles[] = symbols.map((symbol) => {
    const list = perSymbol.get(symbol)!.sort((a, b) => a.data.ts - b.data.ts);
    const column = (field: 'ts' | 'open' | 'high' | 'low' | 'close' | 'volume') => Float64Array.from(list, (e) => e.data[field]);
    return { symbol, length: list.length, ts: column('ts'), open: column('open'), high: column('high'), low: column('low'), close: column('close'), volume: column('volume') };
  });
  const columns = mergeCandles(symbols, sets);
  if (columns.length === 0) throw new NoRecordedCandlesError(`no candles of ${symbols.join(', ')} recorded in ${stream} between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}`);
  const cursors = symbols.map(() => 0);
  const events: EventOf<'CandleClosed'>[] = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const s = columns.symbolIndex[i]!;
    events[i] = perSymbol.get(symbols[s]!)![cursors[s]!++]!;
  }
  return { columns, rowsPerSymbol: sets.map((set) => set.length), events };
}
