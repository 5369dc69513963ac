import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { candleEventId, parseEvent, resolveStrategyConfig, type EventOf, type MastEvent } from '@mast/contracts';
import { runFold, type CandleColumns } from '@mast/core';
import { envelope } from './envelope';
import { createRiskHandler } from './risk-handler';
import { createSignalHandler } from './signal-handler';

/**
 * The services' handlers chained in process (candle -> signal -> risk, with fills at the model
 * price as the simulator gives them in lockstep) must request exactly the orders the backtest's
 * trades imply, and every event they produce must pass the contracts' validation.
 */
const SAMPLE = join(__dirname, '..', '..', '..', 'data', 'sample');

function loadCandles(symbols: readonly string[], untilTs: number): EventOf<'CandleClosed'>[] {
  const rows: [number, number, number[]][] = [];
  symbols.forEach((symbol, index) => {
    const lines = gunzipSync(readFileSync(join(SAMPLE, `${symbol}-1m.csv.gz`))).toString('utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const values = line.split(',').map(Number);
      if (values[0]! < untilTs) rows.push([values[0]!, index, values]);
    }
  });
  rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return rows.map(([ts, index, [, open, high, low, close, volume]]) => {
    const symbol = symbols[index]!;
    return envelope('CandleClosed', { symbol, ts, open: open!, high: high!, low: low!, close: close!, volume: volume! }, { id: candleEventId(symbol, ts), ts: ts + 60_000, source: 'test', causationId: null, correlationId: null });
  });
}

function toColumns(symbols: readonly string[], candles: EventOf<'CandleClosed'>[]): CandleColumns {
  const n = candles.length;
  const cols = { symbols, length: n, symbolIndex: new Uint8Array(n), ts: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  candles.forEach(({ data }, i) => {
    cols.symbolIndex[i] = symbols.indexOf(data.symbol);
    cols.ts[i] = data.ts;
    cols.open[i] = data.open;
    cols.high[i] = data.high;
    cols.low[i] = data.low;
    cols.close[i] = data.close;
    cols.volume[i] = data.volume;
  });
  return cols;
}

describe('signal and risk handlers in process', () => {
  it('request the backtest’s trades on 25 days of the sample, and emit only valid events', () => {
    const config = resolveStrategyConfig({});
    const candles = loadCandles(config.symbols, Date.UTC(2025, 4, 29));
    const signal = createSignalHandler(config);
    const risk = createRiskHandler(config);
    const orders: EventOf<'OrderRequested'>[] = [];
    let seq = 0;
    let validated = 0;
    for (const candle of candles) {
      for (const event of signal.handle(candle)) {
        if (validated++ % 50 === 0) parseEvent(event); // zod on every event is slow; a spread sample is enough here
        if (event.type !== 'CandleAssessed') continue;
        for (const out of risk.handleAssessed(event, ++seq)) {
          parseEvent(out);
          if (out.type === 'OrderRequested') orders.push(out);
        }
      }
    }
    const backtest = runFold(toColumns(config.symbols, candles), config);
    const closes = orders.filter((o) => o.data.intent === 'CLOSE');
    expect(backtest.trades.length).toBeGreaterThan(10);
    expect(closes.map((o) => [o.data.symbol, o.data.entryT, o.data.T, o.data.modelPrice, o.data.qty, o.data.reason])).toEqual(
      backtest.trades.map((t) => [t.symbol, t.entryTs, t.exitTs, t.exitPrice, t.qty, t.reason]),
    );
    expect(orders.filter((o) => o.data.intent === 'OPEN')).toHaveLength(backtest.trades.length + backtest.openPositions.length);
    expect(risk.portfolio.balance).toBe(backtest.finalBalance);
  });

  it('do not repeat themselves when a candle or a verdict is delivered twice', () => {
    const config = resolveStrategyConfig({});
    const candles = loadCandles(config.symbols, Date.UTC(2025, 4, 6));
    const signal = createSignalHandler(config);
    const risk = createRiskHandler(config);
    const published: MastEvent[] = [];
    let seq = 0;
    for (const candle of candles) {
      const events = signal.handle(candle);
      expect(signal.handle(candle)).toEqual([]); // redelivered candle
      for (const event of events) {
        published.push(event);
        if (event.type !== 'CandleAssessed') continue;
        const out = risk.handleAssessed(event, ++seq);
        expect(risk.handleAssessed(event, seq)).toEqual([]); // redelivered verdict
        published.push(...out);
      }
    }
    expect(new Set(published.map((e) => e.id)).size).toBe(published.length);
  });
});
