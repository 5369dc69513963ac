import type { StrategyConfig } from '@mast/contracts';
import type { FoldResult, OpenPosition, Trade } from './backtest-types';
import type { CandleColumns } from './candles';
import { initialEngineState, stepEngine } from './engine';
import type { CoreEvent } from './events';

export interface FoldOptions {
  /** Receives every decision, in order. */
  readonly onEvent?: (event: CoreEvent) => void;
  /** Called every `progressEvery` candles and once at the end. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly progressEvery?: number;
}

export class SymbolMismatchError extends Error {
  override readonly name = 'SymbolMismatchError';
}

/**
 * Runs the rules over merged candle columns and gathers what STRATEGY.md says every
 * implementation must give: the trades in close order, the positions left open, the final
 * balance and the marked equity (and drawdown) after step 4 of every candle.
 */
export function runFold(columns: CandleColumns, config: StrategyConfig, options: FoldOptions = {}): FoldResult {
  if (columns.symbols.length !== config.symbols.length || columns.symbols.some((s, i) => s !== config.symbols[i])) {
    throw new SymbolMismatchError(`candle columns hold [${columns.symbols.join(', ')}] but the config trades [${config.symbols.join(', ')}]; the order matters`);
  }
  const state = initialEngineState(config);
  const { portfolio } = state;
  const n = columns.length;
  const equity = new Float64Array(n);
  const drawdown = new Float64Array(n);
  const trades: Trade[] = [];
  const eventCounts: Record<string, number> = {};
  const onEvent = options.onEvent;

  const emit = (event: CoreEvent): void => {
    eventCounts[event.type] = (eventCounts[event.type] ?? 0) + 1;
    if (event.type === 'PositionClosed') {
      trades.push({
        symbol: event.symbol,
        entryTs: event.entryT,
        entryPrice: event.entryPrice,
        exitTs: event.T,
        exitPrice: event.exitPrice,
        qty: event.qty,
        reason: event.reason,
        fees: event.entryFee + event.exitFee,
        pnl: event.pnl,
      });
    }
    if (onEvent) onEvent(event);
  };

  const { symbolIndex, ts, open, high, low, close } = columns;
  const progressEvery = options.progressEvery ?? 262_144;
  let maxDrawdown = 0;
  for (let i = 0; i < n; i++) {
    stepEngine(state, symbolIndex[i]!, ts[i]!, open[i]!, high[i]!, low[i]!, close[i]!, emit);
    equity[i] = portfolio.equity;
    const dd = portfolio.drawdown;
    drawdown[i] = dd;
    if (dd > maxDrawdown) maxDrawdown = dd;
    if (options.onProgress && (i + 1) % progressEvery === 0) options.onProgress(i + 1, n);
  }
  options.onProgress?.(n, n);

  const openPositions: OpenPosition[] = [];
  for (const position of portfolio.positions) {
    if (!position) continue;
    const lastClose = portfolio.lastClose[position.symbolIndex]!;
    openPositions.push({
      symbol: position.symbol,
      entryTs: position.entryT,
      entryPrice: position.entryPrice,
      qty: position.qty,
      entryFee: position.entryFee,
      lastClose,
      unrealizedPnl: (position.entryPrice - lastClose) * position.qty,
    });
  }

  return {
    trades,
    openPositions,
    initialBalance: config.initialBalance,
    finalBalance: portfolio.balance,
    equity,
    drawdown,
    maxDrawdown,
    halted: portfolio.halted,
    eventCounts,
  };
}
