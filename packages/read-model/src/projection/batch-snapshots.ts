import { toPortfolioView, toPositionViews, toRegimeView } from '../views';
import type { BatchFold } from './batch-fold';
import type { Snapshots } from './redis-snapshots';

/** The snapshots a folded batch made stale (the fold read positions, assets and trading state). */
export function snapshotsOf(fold: BatchFold): Snapshots {
  const positionsChanged = fold.dirtyPositions.size > 0;
  const markedAnew = [...fold.pricedSymbols].some((symbol) => fold.positions.has(symbol));
  const lastPrice = (symbol: string) => fold.assets.get(symbol)?.lastPrice ?? null;
  return {
    ...(fold.tradingStateDirty || positionsChanged ? { portfolio: toPortfolioView(fold.tradingState, fold.positions.size) } : {}),
    ...(positionsChanged || markedAnew ? { positions: toPositionViews(fold.positions.values(), lastPrice) } : {}),
    ...(fold.signalSymbols.size > 0 ? { regimes: [...fold.signalSymbols].sort().map((symbol) => toRegimeView(fold.assets.get(symbol)!)) } : {}),
  };
}
