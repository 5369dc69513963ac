import { config, position, recorder } from '../test/kit';
import { applyControl, UnknownSymbolError } from './controls';
import { initialPortfolio } from './portfolio';
import { entryBlocker, markPortfolio } from './risk';

const MIN = 60_000;
const cfg = config({ initialBalance: 1000, risk: { dailyLossLimit: 0.99 } });

function bookWithTwoShorts() {
  const p = initialPortfolio(cfg);
  p.positions[0] = position({ symbol: 'BTCUSDT', symbolIndex: 0, entryPrice: 100, qty: 1, entryT: 0 });
  p.positions[1] = position({ symbol: 'ETHUSDT', symbolIndex: 1, entryPrice: 10, qty: 2, entryT: 0 });
  p.openCount = 2;
  p.lastClose[0] = 90;
  p.lastClose[1] = 11;
  return p;
}

describe('operator controls', () => {
  it('pauses and resumes one symbol or the whole book', () => {
    const p = initialPortfolio(cfg);
    const r = recorder();
    applyControl(p, { kind: 'PAUSE_ENTRIES', symbol: 'ETHUSDT' }, MIN, cfg, r.emit);
    expect(entryBlocker(p, 1, MIN)).toBe('PAUSED');
    expect(entryBlocker(p, 0, MIN)).toBeNull();
    applyControl(p, { kind: 'PAUSE_ENTRIES', symbol: null }, MIN, cfg, r.emit);
    expect(entryBlocker(p, 0, MIN)).toBe('PAUSED');
    applyControl(p, { kind: 'RESUME_ENTRIES', symbol: null }, MIN, cfg, r.emit);
    applyControl(p, { kind: 'RESUME_ENTRIES', symbol: 'ETHUSDT' }, MIN, cfg, r.emit);
    expect(entryBlocker(p, 1, MIN)).toBeNull();
  });

  it('flattens one symbol at its last close with reason FLATTEN', () => {
    const p = bookWithTwoShorts();
    const r = recorder();
    applyControl(p, { kind: 'FLATTEN', symbol: 'ETHUSDT' }, 90 * MIN, cfg, r.emit);
    expect(r.ofType('PositionClosed').map((e) => [e.symbol, e.reason, e.exitPrice])).toEqual([['ETHUSDT', 'FLATTEN', 11]]);
    expect(p.positions[0]).not.toBeNull();
  });

  it('halts (closing everything as EMERGENCY) and resumes with the peak rebased', () => {
    const p = bookWithTwoShorts();
    const r = recorder();
    markPortfolio(p, { symbolIndex: 0, T: MIN, day: 0, open: 150, high: 150, low: 150, close: 150, regime: 'ACTIVE' }, cfg, r.emit);
    applyControl(p, { kind: 'HALT' }, 2 * MIN, cfg, r.emit);
    expect(r.ofType('PositionClosed').map((e) => e.reason)).toEqual(['EMERGENCY', 'EMERGENCY']);
    expect(entryBlocker(p, 2, 2 * MIN)).toBe('HALTED');
    markPortfolio(p, { symbolIndex: 0, T: 3 * MIN, day: 0, open: 150, high: 150, low: 150, close: 150, regime: 'ACTIVE' }, cfg, r.emit);
    const equity = p.equity;
    applyControl(p, { kind: 'RESUME_TRADING' }, 4 * MIN, cfg, r.emit);
    expect(p.peak).toBe(equity);
    expect(entryBlocker(p, 2, 4 * MIN)).toBeNull(); // SOL: no cooldown from the emergency closes
    expect(r.ofType('TradingStateChanged').map((e) => e.to)).toEqual(['HALTED', 'ACTIVE']);
    // the next mark at the same equity does not halt again
    markPortfolio(p, { symbolIndex: 0, T: 5 * MIN, day: 0, open: 150, high: 150, low: 150, close: 150, regime: 'ACTIVE' }, cfg, r.emit);
    expect(p.halted).toBe(false);
  });

  it('refuses a symbol it does not trade', () => {
    expect(() => applyControl(initialPortfolio(cfg), { kind: 'PAUSE_ENTRIES', symbol: 'DOGEUSDT' }, 0, cfg, () => {})).toThrow(UnknownSymbolError);
  });
});
