import { decisionId, makeEvent, streamForEvent } from '@mast/contracts';
import type { MastEvent } from '@mast/contracts';
import { BatchFold, UnloadedStateError } from './batch-fold';
import type { BaseState, FoldContext } from './batch-fold';
import type { ProjectionItem } from './projection-item';

const NS = 'unit';
const context: FoldContext = { sourceStream: (type) => streamForEvent(NS, type), instruments: { BTCUSDT: { qtyStep: 0.001, minQty: 0.001 } } };
const empty: BaseState = { assets: [], positions: [], cooldowns: [], tradingState: null, daily: [] };
const MINUTE = 60_000;
const T = Date.UTC(2025, 0, 10, 12, 0);

let seq = 0;
const item = (event: MastEvent, stream = streamForEvent(NS, event.type)): ProjectionItem => ({ event, stream, seq: ++seq });
const candle = (ts: number, close: number) => makeEvent('CandleClosed', { ts: ts + MINUTE, source: 'md', data: { symbol: 'BTCUSDT', ts, open: close, high: close, low: close, close, volume: 1 } });
const fold = (events: readonly (MastEvent | ProjectionItem)[], base: BaseState = empty, seen: ReadonlySet<string> = new Set()) => {
  const f = new BatchFold(context, base, seen);
  for (const e of events) f.apply('stream' in e && 'seq' in e ? e : item(e as MastEvent));
  return f;
};

describe('BatchFold', () => {
  it('appends candles newer than the symbol\'s newest and sends the rest to the conflict-checked insert', () => {
    const base: BaseState = { ...empty, assets: [{ ...fold([candle(T, 1)]).assets.get('BTCUSDT')! }] };
    const f = fold([candle(T - MINUTE, 2), candle(T + MINUTE, 3), candle(T + MINUTE, 4), candle(T + 2 * MINUTE, 5)], base);
    expect(f.candles.map((c) => c.close)).toEqual([3, 5]);
    expect(f.lateCandles.map((c) => c.close)).toEqual([2, 4]);
    expect(f.assets.get('BTCUSDT')).toMatchObject({ lastCandleTs: T + 2 * MINUTE, lastPrice: 5, qtyStep: 0.001, minQty: 0.001 });
  });

  it('ignores an assessment or a mark older than what the row holds (a late repeat)', () => {
    const assessed = (at: number, regime: 'ACTIVE' | 'QUIET') =>
      makeEvent('CandleAssessed', {
        ts: at,
        source: 'signal',
        id: decisionId('CandleAssessed', 'BTCUSDT', at),
        data: { symbol: 'BTCUSDT', T: at, candle: { symbol: 'BTCUSDT', ts: at - MINUTE, open: 1, high: 1, low: 1, close: 1, volume: 1 }, regime, indicators: { emaFast: 1, emaSlow: 1, rv: 0.01, crosses24h: 0 }, entry: null },
      });
    const mark = (at: number, equity: number) =>
      makeEvent('PortfolioMarked', {
        ts: at,
        source: 'risk',
        data: { T: at, symbol: 'BTCUSDT', balance: equity, equity, peak: 10_000, drawdown: 1 - equity / 10_000, exposure: 0, openPositions: 0, tradingState: 'ACTIVE', sizeFactor: 1, dailyLocked: false, applied: { assessed: 1, exec: 0, ctl: 0 } },
      });
    const f = fold([assessed(T, 'ACTIVE'), assessed(T - MINUTE, 'QUIET'), mark(T, 9_000), mark(T - MINUTE, 9_500)]);
    expect(f.assets.get('BTCUSDT')).toMatchObject({ regime: 'ACTIVE', indicatorsT: T });
    expect(f.tradingState).toMatchObject({ equity: 9_000, equityT: T });
  });

  it('applies an event id once per stream, counting repeats in the batch and those already seen', () => {
    const rejected = makeEvent('EntryRejected', { ts: T, source: 'risk', data: { symbol: 'BTCUSDT', T, crossT: T - MINUTE, reason: 'COOLDOWN' } });
    const other = makeEvent('EntryRejected', { ts: T + MINUTE, source: 'risk', data: { symbol: 'BTCUSDT', T: T + MINUTE, crossT: T - MINUTE, reason: 'COOLDOWN' } });
    const stream = streamForEvent(NS, 'EntryRejected');
    const f = fold([rejected, rejected, other], empty, new Set([`${stream}\u0000${other.id}`]));
    expect(f.duplicates).toBe(2);
    expect([...f.rejections.values()].map((r) => r.count)).toEqual([1]);
    expect([...f.appliedIds]).toEqual([`${stream}\u0000${rejected.id}`]);
  });

  it('keeps state changes from a stream other than their own out of the rows, but on the trail', () => {
    const rejected = makeEvent('EntryRejected', { ts: T, source: 'risk', data: { symbol: 'BTCUSDT', T, crossT: T - MINUTE, reason: 'COOLDOWN' } });
    const f = fold([item(rejected, streamForEvent(NS, 'CandleClosed'))]);
    expect(f.offStream).toBe(1);
    expect(f.rejections.size).toBe(0);
    expect(f.trail).toHaveLength(1);
  });

  it('refuses to fold into a table the batch did not read', () => {
    const opened = makeEvent('PositionOpened', { ts: T, source: 'execution', data: { symbol: 'BTCUSDT', T, crossT: T - MINUTE, entryPrice: 100, qty: 1, entryFee: 0.055, takeProfit: 94, stopLoss: 101.5, sizeFactor: 1 } });
    const unread: BaseState = { ...empty, loaded: { assets: true, positions: false, cooldowns: true, tradingState: true, days: new Set() } };
    expect(() => fold([opened], unread)).toThrow(UnloadedStateError);
  });

  it('collapses an open and a close of one symbol in a batch into a removal', () => {
    const opened = makeEvent('PositionOpened', { ts: T, source: 'execution', data: { symbol: 'BTCUSDT', T, crossT: T - MINUTE, entryPrice: 100, qty: 1, entryFee: 0.055, takeProfit: 94, stopLoss: 101.5, sizeFactor: 1 } });
    const closed = makeEvent('PositionClosed', {
      ts: T + MINUTE,
      source: 'execution',
      data: { symbol: 'BTCUSDT', T: T + MINUTE, reason: 'STOP_LOSS', entryT: T, entryPrice: 100, exitPrice: 101.5, qty: 1, entryFee: 0.055, exitFee: 0.0558, pnl: -1.5 - 0.055 - 0.0558 },
    });
    expect(fold([opened, closed]).positionChanges()).toEqual({ upsert: [], remove: ['BTCUSDT'] });
    expect(fold([opened]).positionChanges().upsert.map((p) => p.symbol)).toEqual(['BTCUSDT']);
  });
});
