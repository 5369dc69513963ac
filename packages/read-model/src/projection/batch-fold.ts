import type { EventType, InstrumentSpec, MastEvent } from '@mast/contracts';
import { PORTFOLIO_KEY } from '../schema/daily-performance';
import { dayString, decisionDay } from './days';
import { defaultTradingState, emptyAsset, emptyDaily } from './default-rows';
import type { ProjectionItem } from './projection-item';
import type { AssetRow, CandleRow, CooldownRow, DailyPerformanceRow, EntryRejectionRow, EventTrailRow, PositionRow, TradeRow, TradingStateRow } from './rows';

/**
 * Folds one batch of events into the rows it changes, in memory, so that each key is written once
 * per batch however many events touched it (OPS.md: collapse updates per key before writing).
 *
 * Rows whose values are sums of floats (daily P&L, realized P&L) are read first and folded event by
 * event, then written whole: float addition is not associative, so adding a batch's partial sum
 * in SQL would make the result depend on where batches split, and a rebuild would differ from live.
 *
 * Each column is written from one stream only (candle columns from market data, indicator columns
 * from signals, positions/trades/balance from execution, the rest from risk), and a state change
 * is taken only from the stream its type is routed to (`sourceStream`): the result does not depend
 * on how the consumers of different streams interleave their batches.
 */

export interface FoldContext {
  /** The stream whose copy of an event type is the fact (the one the type is published to). */
  readonly sourceStream: (type: EventType) => string;
  readonly instruments: Readonly<Record<string, InstrumentSpec>>;
}

/** The rows a batch may change, as they were before it. */
export interface BaseState {
  readonly assets: readonly AssetRow[];
  readonly positions: readonly PositionRow[];
  readonly cooldowns: readonly CooldownRow[];
  readonly tradingState: TradingStateRow | null;
  /** At least the daily rows of the days `dailyDaysOf` finds in the batch. */
  readonly daily: readonly DailyPerformanceRow[];
  /**
   * Which tables were read (absent: all of them, every day). Folding into a table that was not
   * read would overwrite it with defaults, so it throws instead.
   */
  readonly loaded?: {
    readonly assets: boolean;
    readonly positions: boolean;
    readonly cooldowns: boolean;
    readonly tradingState: boolean;
    readonly days?: ReadonlySet<string>;
  };
}

export class UnloadedStateError extends Error {
  override readonly name = 'UnloadedStateError';
}

const dailyKey = (day: string, symbol: string) => `${day}|${symbol}`;
const trailKey = (stream: string, eventId: string) => `${stream}\u0000${eventId}`;

/** The UTC days (`YYYY-MM-DD`) whose daily rows this event folds into, if any. */
export function dailyDaysOf(event: MastEvent): string | null {
  switch (event.type) {
    case 'PositionClosed':
    case 'TradingStateChanged':
    case 'SizeFactorChanged':
    case 'PortfolioMarked':
      return dayString(decisionDay(event.data.T));
    case 'DailyLossLocked':
      return dayString(event.data.day);
    case 'BalanceChanged':
      return dayString(decisionDay(event.ts));
    default:
      return null;
  }
}

/**
 * Per-candle events, most of the log, are idempotent by their time instead of their id: a candle by
 * its (symbol, ts) key, an assessment and a mark only apply when not older than what the row
 * holds. Every other state change is deduplicated by id (a re-published PositionClosed must not
 * be a second trade).
 */
const IDEMPOTENT_BY_TIME: ReadonlySet<EventType> = new Set<EventType>(['CandleClosed', 'CandleAssessed', 'PortfolioMarked']);

export function needsIdCheck(event: MastEvent): boolean {
  return !IDEMPOTENT_BY_TIME.has(event.type);
}

export { trailKey };

export class BatchFold {
  /** Candles newer than any of their symbol's so far: their key cannot exist yet (appended with COPY). */
  readonly candles: CandleRow[] = [];
  /** Candles at or before their symbol's latest: a repeat or a late one (inserted unless present). */
  readonly lateCandles: CandleRow[] = [];
  readonly trail: EventTrailRow[] = [];
  readonly trades: TradeRow[] = [];
  readonly assets: Map<string, AssetRow>;
  readonly positions: Map<string, PositionRow>;
  readonly cooldowns: Map<string, CooldownRow>;
  readonly daily: Map<string, DailyPerformanceRow>;
  tradingState: TradingStateRow;
  /** Entry rejection counts this batch adds (integers: added in SQL). */
  readonly rejections = new Map<string, EntryRejectionRow>();

  readonly dirtyAssets = new Set<string>();
  readonly dirtyPositions = new Set<string>();
  readonly dirtyCooldowns = new Set<string>();
  readonly dirtyDaily = new Set<string>();
  /** Symbols whose indicator or regime columns changed (their Redis regime snapshot is stale). */
  readonly signalSymbols = new Set<string>();
  /** Symbols that got a newer candle (a position on them is marked anew). */
  readonly pricedSymbols = new Set<string>();
  tradingStateDirty = false;

  applied = 0;
  duplicates = 0;
  offStream = 0;

  private readonly seen: ReadonlySet<string>;
  /** `trailKey`s of the events this batch deduplicates by id and applied. */
  readonly appliedIds = new Set<string>();
  private readonly loaded: BaseState['loaded'];

  /** `seen`: `trailKey(stream, id)` of events already on the trail from their source stream. */
  constructor(
    private readonly context: FoldContext,
    base: BaseState,
    seen: ReadonlySet<string>,
  ) {
    this.assets = new Map(base.assets.map((row) => [row.symbol, { ...row }]));
    this.positions = new Map(base.positions.map((row) => [row.symbol, { ...row }]));
    this.cooldowns = new Map(base.cooldowns.map((row) => [row.symbol, { ...row }]));
    this.daily = new Map(base.daily.map((row) => [dailyKey(row.day, row.symbol), { ...row }]));
    this.tradingState = base.tradingState ? { ...base.tradingState } : defaultTradingState();
    this.seen = seen;
    this.loaded = base.loaded;
  }

  private need(table: 'assets' | 'positions' | 'cooldowns' | 'tradingState'): void {
    if (this.loaded && !this.loaded[table]) throw new UnloadedStateError(`folding into ${table}, which the batch did not read`);
  }

  /** Folds one item that is past its stream's checkpoint. */
  apply(item: ProjectionItem): void {
    const { event, stream, seq } = item;
    this.applied++;
    this.trail.push({
      stream,
      seq,
      eventId: event.id,
      type: event.type,
      v: event.v,
      ts: event.ts,
      tsInit: event.tsInit ?? null,
      symbol: event.symbol ?? null,
      source: event.source,
      causationId: event.causationId,
      correlationId: event.correlationId,
      data: event.data,
    });
    if (stream !== this.context.sourceStream(event.type)) {
      this.offStream++;
      return;
    }
    if (needsIdCheck(event)) {
      const key = trailKey(stream, event.id);
      if (this.seen.has(key) || this.appliedIds.has(key)) {
        this.duplicates++;
        return;
      }
      this.appliedIds.add(key);
    }
    this.fold(event, seq);
  }

  private fold(event: MastEvent, seq: number): void {
    switch (event.type) {
      case 'CandleClosed': {
        const c = event.data;
        const row = { symbol: c.symbol, ts: c.ts, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume };
        const asset = this.asset(c.symbol);
        const spec = this.context.instruments[c.symbol];
        if (spec) {
          asset.qtyStep = spec.qtyStep;
          asset.minQty = spec.minQty;
        }
        // `last_candle_ts` is the symbol's newest candle in `candles` (both written here), so a
        // later one is new; an earlier one may be a repeat, and the first of a (symbol, ts) wins.
        if (asset.lastCandleTs === null || c.ts > asset.lastCandleTs) {
          this.candles.push(row);
          asset.lastCandleTs = c.ts;
          asset.lastPrice = c.close;
          this.pricedSymbols.add(c.symbol);
        } else {
          this.lateCandles.push(row);
        }
        return;
      }
      case 'RegimeChanged': {
        const d = event.data;
        const asset = this.asset(d.symbol);
        asset.regime = d.to;
        asset.regimeT = d.T;
        asset.emaFast = d.indicators.emaFast;
        asset.emaSlow = d.indicators.emaSlow;
        asset.rv = d.indicators.rv;
        asset.crosses24h = d.indicators.crosses24h;
        asset.indicatorsT = d.T;
        this.signalSymbols.add(d.symbol);
        return;
      }
      case 'CandleAssessed': {
        const d = event.data;
        const asset = this.asset(d.symbol);
        if (asset.indicatorsT !== null && d.T < asset.indicatorsT) return;
        asset.regime = d.regime;
        asset.emaFast = d.indicators.emaFast;
        asset.emaSlow = d.indicators.emaSlow;
        asset.rv = d.indicators.rv;
        asset.crosses24h = d.indicators.crosses24h;
        asset.indicatorsT = d.T;
        this.signalSymbols.add(d.symbol);
        return;
      }
      case 'EmaCrossed': {
        const d = event.data;
        const asset = this.asset(d.symbol);
        asset.emaFast = d.emaFast;
        asset.emaSlow = d.emaSlow;
        asset.crosses24h = d.crosses24h;
        asset.indicatorsT = d.T;
        asset.lastCross = d.direction;
        asset.lastCrossT = d.T;
        this.signalSymbols.add(d.symbol);
        return;
      }
      case 'PositionOpened': {
        const d = event.data;
        this.need('positions');
        this.positions.set(d.symbol, {
          symbol: d.symbol,
          entryT: d.T,
          crossT: d.crossT,
          entryPrice: d.entryPrice,
          qty: d.qty,
          entryFee: d.entryFee,
          takeProfit: d.takeProfit,
          stopLoss: d.stopLoss,
          sizeFactor: d.sizeFactor,
          eventId: event.id,
        });
        this.dirtyPositions.add(d.symbol);
        return;
      }
      case 'PositionClosed': {
        const d = event.data;
        const fees = d.entryFee + d.exitFee;
        const win = d.pnl > 0 ? 1 : 0;
        this.trades.push({
          eventId: event.id,
          seq,
          symbol: d.symbol,
          entryTs: d.entryT,
          entryPrice: d.entryPrice,
          exitTs: d.T,
          exitPrice: d.exitPrice,
          qty: d.qty,
          reason: d.reason,
          fees,
          pnl: d.pnl,
        });
        this.need('positions');
        this.positions.delete(d.symbol);
        this.dirtyPositions.add(d.symbol);
        const day = dayString(decisionDay(d.T));
        for (const row of [this.dailyRow(day, d.symbol), this.dailyRow(day, PORTFOLIO_KEY)]) {
          row.trades += 1;
          row.wins += win;
          row.pnl += d.pnl;
          row.fees += fees;
        }
        const s = this.state();
        s.trades += 1;
        s.wins += win;
        s.realizedPnl += d.pnl;
        s.fees += fees;
        return;
      }
      case 'BalanceChanged': {
        const s = this.state();
        s.balance = event.data.balance;
        if (event.data.equity !== undefined) s.balanceEquity = event.data.equity;
        s.balanceTs = event.ts;
        this.dailyRow(dayString(decisionDay(event.ts)), PORTFOLIO_KEY).balanceLast = event.data.balance;
        return;
      }
      case 'TradingStateChanged': {
        const d = event.data;
        const s = this.state();
        s.state = d.to;
        s.halted = d.to === 'HALTED';
        s.stateT = d.T;
        s.drawdown = d.drawdown;
        s.equity = d.equity;
        s.equityT = d.T;
        s.blockedUntil = d.blockedUntil;
        const row = this.dailyRow(dayString(decisionDay(d.T)), PORTFOLIO_KEY);
        row.drawdownMax = Math.max(row.drawdownMax ?? d.drawdown, d.drawdown);
        row.equityLast = d.equity;
        return;
      }
      case 'PortfolioMarked': {
        const d = event.data;
        const s = this.state();
        if (s.equityT !== null && d.T < s.equityT) return;
        s.equity = d.equity;
        s.drawdown = d.drawdown;
        s.peak = d.peak;
        s.exposure = d.exposure;
        s.riskBalance = d.balance;
        s.equityT = d.T;
        const row = this.dailyRow(dayString(decisionDay(d.T)), PORTFOLIO_KEY);
        row.drawdownMax = Math.max(row.drawdownMax ?? d.drawdown, d.drawdown);
        row.equityLast = d.equity;
        return;
      }
      case 'SizeFactorChanged': {
        const d = event.data;
        const s = this.state();
        s.sizeFactor = d.sizeFactor;
        s.drawdown = d.drawdown;
        s.equityT = d.T;
        const row = this.dailyRow(dayString(decisionDay(d.T)), PORTFOLIO_KEY);
        row.drawdownMax = Math.max(row.drawdownMax ?? d.drawdown, d.drawdown);
        return;
      }
      case 'DailyLossLocked': {
        const d = event.data;
        const s = this.state();
        s.dailyLossLocked = true;
        s.dailyLossDay = d.day;
        s.dayStartEquity = d.dayStartEquity;
        s.equity = d.equity;
        s.equityT = d.T;
        const row = this.dailyRow(dayString(d.day), PORTFOLIO_KEY);
        row.lossLocked = true;
        row.equityLast = d.equity;
        return;
      }
      case 'DailyLossUnlocked': {
        const s = this.state();
        s.dailyLossLocked = false;
        s.dailyLossDay = event.data.day;
        return;
      }
      case 'CooldownStarted': {
        const d = event.data;
        this.need('cooldowns');
        const current = this.cooldowns.get(d.symbol);
        // `until` is already the max over the symbol's rules; a rule that does not extend it
        // leaves the row (and the rule that set it) as it was.
        if (current === undefined || d.until > current.until) {
          this.cooldowns.set(d.symbol, { symbol: d.symbol, until: d.until, rule: d.rule, since: d.T });
          this.dirtyCooldowns.add(d.symbol);
        }
        return;
      }
      case 'CooldownEnded': {
        this.need('cooldowns');
        if (this.cooldowns.delete(event.data.symbol)) this.dirtyCooldowns.add(event.data.symbol);
        return;
      }
      case 'EntryRejected': {
        const d = event.data;
        const day = dayString(decisionDay(d.T));
        const key = `${day}|${d.symbol}|${d.reason}`;
        const row = this.rejections.get(key);
        if (row) row.count += 1;
        else this.rejections.set(key, { day, symbol: d.symbol, reason: d.reason, count: 1 });
        return;
      }
      default:
        // Signals, order flow, controls and system events: the trail is their read model.
        return;
    }
  }

  private asset(symbol: string): AssetRow {
    this.need('assets');
    let row = this.assets.get(symbol);
    if (!row) this.assets.set(symbol, (row = emptyAsset(symbol)));
    this.dirtyAssets.add(symbol);
    return row;
  }

  private dailyRow(day: string, symbol: string): DailyPerformanceRow {
    if (this.loaded?.days && !this.loaded.days.has(day)) throw new UnloadedStateError(`folding into daily rows of ${day}, which the batch did not read`);
    const key = dailyKey(day, symbol);
    let row = this.daily.get(key);
    if (!row) this.daily.set(key, (row = emptyDaily(day, symbol)));
    this.dirtyDaily.add(key);
    return row;
  }

  private state(): TradingStateRow {
    this.need('tradingState');
    this.tradingStateDirty = true;
    return this.tradingState;
  }

  /** Hands the late candles to the caller, who writes them itself (a rebuild filters repeats in memory). */
  takeLateCandles(): CandleRow[] {
    return this.lateCandles.splice(0, this.lateCandles.length);
  }

  /** Hands the new candles so far to the caller (a rebuild encodes them as it folds). */
  takeCandles(): CandleRow[] {
    return this.candles.splice(0, this.candles.length);
  }

  /** Hands the trail rows so far to the caller (a rebuild encodes them as it folds). */
  takeTrail(): EventTrailRow[] {
    return this.trail.splice(0, this.trail.length);
  }

  changedAssets(): AssetRow[] {
    return [...this.dirtyAssets].map((symbol) => this.assets.get(symbol)!);
  }

  changedDaily(): DailyPerformanceRow[] {
    return [...this.dirtyDaily].map((key) => this.daily.get(key)!);
  }

  /** Positions to write, and symbols whose position is gone. */
  positionChanges(): { readonly upsert: PositionRow[]; readonly remove: string[] } {
    return splitChanges(this.dirtyPositions, this.positions);
  }

  cooldownChanges(): { readonly upsert: CooldownRow[]; readonly remove: string[] } {
    return splitChanges(this.dirtyCooldowns, this.cooldowns);
  }
}

function splitChanges<R>(dirty: ReadonlySet<string>, rows: ReadonlyMap<string, R>): { upsert: R[]; remove: string[] } {
  const upsert: R[] = [];
  const remove: string[] = [];
  for (const key of dirty) {
    const row = rows.get(key);
    if (row === undefined) remove.push(key);
    else upsert.push(row);
  }
  return { upsert, remove };
}
