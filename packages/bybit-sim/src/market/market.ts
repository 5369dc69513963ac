/**
 * The simulated market: per symbol a candle series, a cursor (candles before it are completed
 * history) and, while a candle is being played, its forming state. Time here is market time,
 * taken from the candles, not the wall clock: a candle at `T` plays its path points at
 * `T + i * 60000 / points` and closes at `T + 59999`.
 *
 * The market does not schedule itself; `MarketDriver` decides when each point is played.
 */
import type { PathOrder } from './price-path';
import { lowerBound, MINUTE_MS, type CandleColumns } from '../candles';
import type { Instrument } from '../instruments';
import { pathLength, pricePath, type PathPoint } from './price-path';
import { Rolling24h, type Stats24h } from './rolling-24h';

export interface KlineState {
  readonly symbol: string;
  readonly start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  turnover: number;
}

export interface PricePoint {
  readonly symbol: string;
  /** The price before this point (the previous candle's close for a candle's first point). */
  readonly previous: number;
  readonly price: number;
  /** True for a candle's open: the move from the previous close is a jump, not a continuous path. */
  readonly isOpen: boolean;
  readonly time: number;
}

export interface MarketListener {
  /** A new price on the path; the kline has already been updated. */
  onPrice?(point: PricePoint, kline: KlineState): void;
  /** A candle closed (the `confirm:true` push). */
  onCandleClosed?(kline: KlineState, time: number): void;
}

interface SymbolState {
  readonly symbol: string;
  readonly candles: CandleColumns;
  readonly instrument: Instrument;
  readonly rolling: Rolling24h;
  cursor: number;
  lastPrice: number | undefined;
  forming: KlineState | undefined;
  path: PathPoint[] | undefined;
}

export interface MarketOptions {
  /** First candle to play; candles before it are history. Default: the earliest candle. */
  readonly from?: number;
  /** Sub-steps per path leg; 1 gives open, extreme, extreme, close. */
  readonly stepsPerLeg?: number;
  readonly pathOrder?: PathOrder;
}

export class Market {
  private readonly symbols = new Map<string, SymbolState>();
  private readonly listeners: MarketListener[] = [];
  readonly pointsPerCandle: number;
  private playingTs: number | undefined;
  private clock: number;

  private readonly pathOrder: PathOrder;

  constructor(series: ReadonlyMap<string, CandleColumns>, instruments: ReadonlyMap<string, Instrument>, options: MarketOptions = {}) {
    this.pointsPerCandle = pathLength(options.stepsPerLeg ?? 1);
    this.pathOrder = options.pathOrder ?? 'nearest';
    let earliest = Infinity;
    for (const candles of series.values()) if (candles.length > 0) earliest = Math.min(earliest, candles.ts[0]!);
    const from = options.from ?? earliest;
    for (const [symbol, candles] of series) {
      const instrument = instruments.get(symbol);
      if (!instrument) continue;
      const cursor = lowerBound(candles.ts, from);
      const state: SymbolState = {
        symbol, candles, instrument, rolling: new Rolling24h(candles), cursor,
        lastPrice: cursor > 0 ? candles.close[cursor - 1] : candles.open[0], forming: undefined, path: undefined,
      };
      state.rolling.advance(cursor, from);
      this.symbols.set(symbol, state);
    }
    this.clock = Number.isFinite(from) ? from : 0;
  }

  addListener(listener: MarketListener): void {
    this.listeners.push(listener);
  }

  /** Market time in ms. */
  now(): number {
    return this.clock;
  }

  hasSymbol(symbol: string): boolean {
    return this.symbols.has(symbol);
  }

  price(symbol: string): number | undefined {
    return this.symbols.get(symbol)?.lastPrice;
  }

  /** Start time of the next candle to play, or undefined when every series is exhausted. */
  nextCandleTs(): number | undefined {
    let next: number | undefined;
    for (const s of this.symbols.values()) {
      const ts = s.candles.ts[s.cursor];
      if (ts !== undefined && (next === undefined || ts < next)) next = ts;
    }
    return next;
  }

  isPlaying(): boolean {
    return this.playingTs !== undefined;
  }

  /** Opens the next candle of every symbol that has one at the next timestamp; false when exhausted. */
  beginCandle(): boolean {
    const ts = this.nextCandleTs();
    if (ts === undefined || this.playingTs !== undefined) return false;
    this.playingTs = ts;
    for (const s of this.symbols.values()) {
      if (s.candles.ts[s.cursor] !== ts) continue;
      const c = s.candles;
      const i = s.cursor;
      const steps = (this.pointsPerCandle - 1) / 3;
      s.path = pricePath({ open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]! }, steps, s.instrument.tickSize, s.instrument.priceDecimals, this.pathOrder);
      s.forming = { symbol: s.symbol, start: ts, open: c.open[i]!, high: c.open[i]!, low: c.open[i]!, close: c.open[i]!, volume: 0, turnover: 0 };
    }
    return true;
  }

  /** Plays path point `index` (0 = open) of every forming candle. */
  playPoint(index: number): void {
    if (this.playingTs === undefined) return;
    const time = this.playingTs + Math.floor((index * MINUTE_MS) / this.pointsPerCandle);
    this.clock = time;
    for (const s of this.symbols.values()) {
      const point = s.path?.[index];
      const k = s.forming;
      if (!point || !k) continue;
      const totalVolume = s.candles.volume[s.cursor]!;
      const volume = totalVolume * point.volumeShare;
      k.turnover += (volume - k.volume) * point.price;
      k.volume = volume;
      k.high = Math.max(k.high, point.price);
      k.low = Math.min(k.low, point.price);
      k.close = point.price;
      const previous = s.lastPrice ?? point.price;
      s.lastPrice = point.price;
      for (const l of this.listeners) l.onPrice?.({ symbol: s.symbol, previous, price: point.price, isOpen: index === 0, time }, k);
    }
  }

  /** Closes the forming candles with their exact OHLCV and moves the cursors on. */
  confirmCandle(): void {
    if (this.playingTs === undefined) return;
    const closeTime = this.playingTs + MINUTE_MS - 1;
    this.clock = closeTime;
    const closed: KlineState[] = [];
    for (const s of this.symbols.values()) {
      const k = s.forming;
      if (!k) continue;
      const c = s.candles;
      const i = s.cursor;
      k.open = c.open[i]!;
      k.high = c.high[i]!;
      k.low = c.low[i]!;
      k.close = c.close[i]!;
      k.volume = c.volume[i]!;
      s.lastPrice = k.close;
      s.cursor++;
      s.forming = undefined;
      s.path = undefined;
      s.rolling.advance(s.cursor, closeTime);
      closed.push(k);
    }
    for (const k of closed) for (const l of this.listeners) l.onCandleClosed?.(k, closeTime);
    this.clock = this.playingTs + MINUTE_MS;
    this.playingTs = undefined;
  }

  /** The forming candle, when one is being played. */
  forming(symbol: string): KlineState | undefined {
    return this.symbols.get(symbol)?.forming;
  }

  /** The open of the first candle at or after `ts` that has been played or is in play. */
  openAt(symbol: string, ts: number): number | undefined {
    const s = this.symbols.get(symbol);
    if (!s) return undefined;
    const i = lowerBound(s.candles.ts, ts);
    return i <= s.cursor && i < s.candles.length ? s.candles.open[i] : undefined;
  }

  stats24h(symbol: string): Stats24h | undefined {
    const s = this.symbols.get(symbol);
    if (!s) return undefined;
    s.rolling.advance(s.cursor, this.clock);
    return s.rolling.stats(s.forming);
  }

  /**
   * Candles for the kline endpoint, oldest first: completed ones plus the forming one. With
   * `start`, the first `limit` at or after it (Bybit anchors on start: start=9999&limit=1 gives
   * the earliest candle); otherwise the last `limit` at or before `end`.
   */
  klines(symbol: string, range: { start?: number; end?: number; limit: number }): KlineState[] {
    const s = this.symbols.get(symbol);
    if (!s) return [];
    const c = s.candles;
    const upper = s.cursor; // completed candles are [0, cursor)
    const end = range.end ?? Infinity;
    const rows: KlineState[] = [];
    const rowAt = (i: number): KlineState => ({
      symbol, start: c.ts[i]!, open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]!,
      turnover: c.volume[i]! * ((c.open[i]! + c.high[i]! + c.low[i]! + c.close[i]!) / 4),
    });
    const formingIn = s.forming && s.forming.start <= end && (range.start === undefined || s.forming.start >= range.start);
    if (range.start !== undefined) {
      for (let i = lowerBound(c.ts, range.start); i < upper && rows.length < range.limit && c.ts[i]! <= end; i++) rows.push(rowAt(i));
      if (formingIn && rows.length < range.limit) rows.push({ ...s.forming! });
      return rows;
    }
    if (formingIn) rows.push({ ...s.forming! });
    const last = Math.min(upper, lowerBound(c.ts, end + 1)) - 1;
    for (let i = last; i >= 0 && rows.length < range.limit; i--) rows.push(rowAt(i));
    return rows.reverse();
  }
}
