import fc from 'fast-check';
import { createCandleSequencer } from './candle-sequencer';

const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const MIN = 60_000;
const c = (symbol: string, ts: number) => ({ symbol, ts });

describe('candle sequencer', () => {
  it('releases a minute in symbol order once every symbol confirmed it', () => {
    const seq = createCandleSequencer(symbols, { deadlineMs: 5_000 });
    expect(seq.push(c('SOLUSDT', 0), 0).ready).toEqual([]);
    expect(seq.push(c('BTCUSDT', 0), 1).ready).toEqual([]);
    expect(seq.push(c('ETHUSDT', 0), 2).ready).toEqual([c('BTCUSDT', 0), c('ETHUSDT', 0), c('SOLUSDT', 0)]);
  });

  it('releases a minute without a symbol once that symbol moved past it', () => {
    const seq = createCandleSequencer(symbols, { deadlineMs: 5_000 });
    seq.push(c('BTCUSDT', 0), 0);
    seq.push(c('SOLUSDT', 0), 0);
    expect(seq.push(c('ETHUSDT', MIN), 0).ready).toEqual([c('BTCUSDT', 0), c('SOLUSDT', 0)]);
  });

  it('releases at the deadline, and refuses what arrives behind it as late', () => {
    const seq = createCandleSequencer(symbols, { deadlineMs: 5_000 });
    seq.push(c('BTCUSDT', 0), 1_000);
    expect(seq.flush(5_999)).toEqual([]);
    expect(seq.flush(6_000)).toEqual([c('BTCUSDT', 0)]);
    expect(seq.push(c('ETHUSDT', 0), 6_001)).toEqual({ ready: [], late: c('ETHUSDT', 0) });
  });

  it('whatever the arrival order, releases every candle once, in (ts, symbol) order', () => {
    const arrivals = fc.array(fc.record({ s: fc.integer({ min: 0, max: 2 }), m: fc.integer({ min: 0, max: 6 }) }), { maxLength: 40 });
    fc.assert(
      fc.property(arrivals, (list) => {
        const seq = createCandleSequencer(symbols, { deadlineMs: 10 });
        const out: { symbol: string; ts: number }[] = [];
        const late: { symbol: string; ts: number }[] = [];
        list.forEach(({ s, m }, i) => {
          const r = seq.push(c(symbols[s]!, m * MIN), i);
          out.push(...r.ready);
          if (r.late) late.push(r.late);
        });
        out.push(...seq.flush(Number.MAX_SAFE_INTEGER));
        const key = (x: { symbol: string; ts: number }) => x.ts * 10 + symbols.indexOf(x.symbol);
        for (let i = 1; i < out.length; i++) expect(key(out[i]!)).toBeGreaterThan(key(out[i - 1]!));
        // every distinct arrival went out exactly once (strict order above) or was refused as late
        const id = (x: { symbol: string; ts: number }) => `${symbols.indexOf(x.symbol)}:${x.ts / MIN}`;
        const accounted = new Set([...out.map(id), ...late.map(id)]);
        for (const { s, m } of list) expect(accounted.has(`${s}:${m}`)).toBe(true);
      }),
    );
  });
});
