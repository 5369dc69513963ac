import { contentEventId, type EventOf } from '@mast/contracts';
import type { OpenPosition } from '@mast/pipeline';
import { envelope } from '@mast/pipeline';

export interface ExchangePosition {
  readonly symbol: string;
  readonly side: 'Buy' | 'Sell' | undefined;
  readonly size: number;
  readonly takeProfit: number | undefined;
  readonly stopLoss: number | undefined;
}

/**
 * Positions on the exchange against the positions the log says are open. Every difference is
 * an event for people to look at, never a silent fix: the log is not rewritten to match.
 */
export function reconcile(expected: ReadonlyMap<string, OpenPosition>, actual: readonly ExchangePosition[], symbols: readonly string[], now: number): EventOf<'ReconciliationDriftFound'>[] {
  const found: EventOf<'ReconciliationDriftFound'>[] = [];
  const drift = (symbol: string, kind: EventOf<'ReconciliationDriftFound'>['data']['kind'], want: number | string | null, have: number | string | null) => {
    const data = { symbol, kind, expected: want, actual: have };
    found.push(envelope('ReconciliationDriftFound', data, { id: contentEventId('ReconciliationDriftFound', now, data), ts: now, source: 'execution', causationId: null, correlationId: null }));
  };
  for (const symbol of symbols) {
    const mine = expected.get(symbol);
    const theirs = actual.find((p) => p.symbol === symbol && p.size > 0);
    if (mine && !theirs) drift(symbol, 'POSITION_MISSING', mine.qty, 0);
    else if (!mine && theirs) drift(symbol, 'POSITION_UNEXPECTED', 0, theirs.side === 'Sell' ? -theirs.size : theirs.size);
    else if (mine && theirs) {
      if (theirs.side !== 'Sell' || Math.abs(theirs.size - mine.qty) > 1e-9 * mine.qty) drift(symbol, 'POSITION_QTY', -mine.qty, theirs.side === 'Sell' ? -theirs.size : theirs.size);
      if (theirs.stopLoss === undefined || theirs.takeProfit === undefined) drift(symbol, 'PROTECTION_MISSING', `TP ${mine.takeProfit} SL ${mine.stopLoss}`, `TP ${theirs.takeProfit ?? 'none'} SL ${theirs.stopLoss ?? 'none'}`);
    }
  }
  return found;
}
