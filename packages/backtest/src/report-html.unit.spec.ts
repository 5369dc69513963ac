import { DEFAULT_STRATEGY_CONFIG } from '@mast/contracts';
import type { OpenPosition, Trade } from '@mast/core';
import { computeMetrics } from './metrics';
import { renderReport } from './report-html';
import { buildSummary } from './summary';

const M = 60_000;
const T0 = Date.UTC(2025, 4, 10);

function reportFor(trades: Trade[], open: OpenPosition[] = []): string {
  const n = 600;
  const ts = Float64Array.from({ length: n }, (_, i) => T0 + Math.floor(i / 2) * M);
  const equity = Float64Array.from({ length: n }, (_, i) => 10_000 + Math.sin(i / 40) * 50);
  const config = { ...DEFAULT_STRATEGY_CONFIG, symbols: ['BTCUSDT', 'ETHUSDT'] };
  const metrics = computeMetrics({ symbols: config.symbols, trades, openPositions: open, initialBalance: 10_000, finalBalance: 10_010, maxDrawdown: 0.01, ts, equity });
  const summary = buildSummary({
    metrics,
    firstTs: ts[0] as number,
    lastTs: ts[n - 1] as number,
    candles: n,
    candlesPerSymbol: { BTCUSDT: 300, ETHUSDT: 300 },
    halted: false,
    eventCounts: { PositionOpened: trades.length, PositionClosed: trades.length },
    equityCsvStepMinutes: 1,
    config,
  });
  const x = Array.from({ length: 300 }, (_, i) => T0 + (i + 1) * M);
  return renderReport({
    summary,
    equity: { x, y: x.map((_, i) => 10_000 + i) },
    drawdown: { x, y: x.map((_, i) => (i % 50) / 5000) },
    prices: [
      { x, y: x.map((_, i) => 100_000 + i) },
      { x, y: x.map((_, i) => 2_000 - i) },
    ],
    trades,
    openPositions: open,
  });
}

const win: Trade = { symbol: 'BTCUSDT', entryTs: T0 + 10 * M, entryPrice: 100_010, exitTs: T0 + 50 * M, exitPrice: 100_005, qty: 0.01, reason: 'TAKE_PROFIT', fees: 1.1, pnl: 12.5 };
const loss: Trade = { symbol: 'ETHUSDT', entryTs: T0 + 20 * M, entryPrice: 1_980, exitTs: T0 + 90 * M, exitPrice: 1_990, qty: 1, reason: 'STOP_LOSS', fees: 2.2, pnl: -12.2 };
const open: OpenPosition = { symbol: 'ETHUSDT', entryTs: T0 + 200 * M, entryPrice: 1_850, qty: 1, entryFee: 1, lastClose: 1_800, unrealizedPnl: 50 };

describe('report.html', () => {
  const html = reportFor([win, loss], [open]);

  it('is one HTML document with every section', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    for (const id of ['summary', 'equity', 'drawdown', 'per-symbol', 'per-reason', 'prices', 'open-positions', 'run']) {
      expect(html).toContain(`<section id="${id}"`);
    }
    expect(html).toContain('aria-label="Equity curve"');
    expect(html).toContain('aria-label="Drawdown curve"');
    expect(html).toContain('aria-label="BTCUSDT close price with trades"');
    expect(html).toContain('aria-label="ETHUSDT close price with trades"');
  });

  it('is self-contained: no URL, no external script, stylesheet or image', () => {
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script\b[^>]*\bsrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html).not.toMatch(/@import/);
  });

  it('marks each trade on its symbol chart, colored by outcome, and the open position', () => {
    expect(html.match(/<g class="trade win">/g)).toHaveLength(1);
    expect(html.match(/<g class="trade loss">/g)).toHaveLength(1);
    expect(html.match(/<g class="trade open">/g)).toHaveLength(1);
    expect(html).toContain('Short BTCUSDT · TAKE_PROFIT · +12.50');
    expect(html).toContain('Short ETHUSDT · STOP_LOSS · −12.20');
  });

  it('has the per-symbol and per-reason rows', () => {
    expect(html).toMatch(/<th scope="row">BTCUSDT<\/th><td>1<\/td><td>1<\/td><td>100.00%<\/td>/);
    expect(html).toMatch(/<th scope="row">ETHUSDT<\/th><td>1<\/td><td>0<\/td><td>0.00%<\/td>/);
    expect(html).toContain('<span class="reason">TAKE_PROFIT</span>');
    expect(html).toContain('<span class="reason">STOP_LOSS</span>');
  });

  it('renders without trades too', () => {
    const empty = reportFor([]);
    expect(empty).toContain('No closed trades');
    expect(empty).not.toContain('<section id="open-positions"');
    expect(empty).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('never prints NaN or undefined', () => {
    expect(html).not.toMatch(/NaN|undefined/);
  });
});
