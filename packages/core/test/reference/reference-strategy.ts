/**
 * An independent, deliberately plain implementation of STRATEGY.md, written from the document
 * alone, for cross-checking the optimized core. Nothing here is optimized: every quantity is
 * recomputed from its definition (EMAs from the list of closes, rv from a slice of the returns,
 * crosses24h by filtering the list of cross times, cooldown counts by filtering closed trades).
 *
 * Floating point: every formula is written in the operand order STRATEGY.md states, left to
 * right, so that an implementation following the same text gives bit-identical numbers.
 *
 * Readings of the text that were not forced by it are marked `AMBIGUITY:`.
 */
import type { Regime, StrategyConfig } from '@mast/contracts';
import { DAY_MS, HOUR_MS, MINUTE_MS, type Candle } from '../../src/candles';
import type { Trade } from '../../src/backtest-types';
import type { ExitReason } from '../../src/events';

export interface ReferencePosition {
  readonly symbol: string;
  /** Te: the `T` of the candle that opened it. */
  readonly entryTs: number;
  /** E: the sell fill after slippage. */
  readonly entryPrice: number;
  readonly qty: number;
  readonly entryFee: number;
}

export interface ReferenceOpenPosition extends ReferencePosition {
  readonly lastClose: number;
  /** `(E - lastClose) * q`; not part of the final balance. */
  readonly unrealizedPnl: number;
}

export interface ReferenceResult {
  readonly trades: Trade[];
  readonly openPositions: ReferenceOpenPosition[];
  readonly finalBalance: number;
  /** Marked equity of step 4 of each candle, one per input candle (before any EMERGENCY close). */
  readonly equity: number[];
  /** `1 - equity / peak` of step 4 of each candle. */
  readonly drawdown: number[];
  readonly maxDrawdown: number;
  readonly halted: boolean;
}

/** Everything the rules track for one symbol. */
interface SymbolBook {
  readonly symbol: string;
  readonly qtyStep: number;
  readonly minQty: number;
  /** Every close seen, in order: the EMAs and returns are derived from it. */
  readonly closes: number[];
  emaFast: number | null;
  emaSlow: number | null;
  /** `d = fast - slow` of the previous existing candle of this symbol, null while undefined. */
  prevD: number | null;
  /** `T` of every cross (both kinds) of this symbol. */
  readonly crossTimes: number[];
  /** `ln(close / previous close)` from the second candle on. */
  readonly returns: number[];
  lastClose: number | null;
  position: ReferencePosition | null;
  /** Null when not armed; otherwise the last `T` (inclusive) at which an entry may happen. */
  armedUntil: number | null;
  cooldownUntil: number;
  /** Losing trades in a row for the loss-streak cooldown. */
  lossStreak: number;
}

const bps = 10_000;

/** EMA of period n over all closes so far, per STRATEGY.md 1 (state carried in `previous`). */
function nextEma(previous: number | null, closes: readonly number[], n: number): number | null {
  // "An EMA of period n is undefined for the first n-1 candles"
  if (closes.length < n) return null;
  // "at the n-th candle it is the arithmetic mean of the first n closes (summed in order)"
  if (closes.length === n) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += closes[i]!;
    return sum / n;
  }
  // "after that `ema = ema + alpha * (close - ema)` (this exact form)", alpha = 2 / (n + 1)
  const alpha = 2 / (n + 1);
  const close = closes[closes.length - 1]!;
  const ema = previous!;
  return ema + alpha * (close - ema);
}

/**
 * "rv = sample standard deviation (n-1 denominator; mean first, then the sum of squared
 * deviations, in window order) of the last volWindow returns, times the constant sqrt(60)".
 */
function realizedVolatility(returns: readonly number[], volWindow: number): number | null {
  if (returns.length < volWindow) return null;
  const window = returns.slice(returns.length - volWindow);
  let sum = 0;
  for (const r of window) sum += r;
  const mean = sum / volWindow;
  let squares = 0;
  for (const r of window) {
    const deviation = r - mean;
    // AMBIGUITY: "squared" is computed as deviation * deviation (Node's `** 2` and Math.pow(x, 2)
    // gave the same double on 1e6 random values, but the spec does not say which).
    squares += deviation * deviation;
  }
  // AMBIGUITY: the scale is applied to the standard deviation, `sqrt(var) * sqrt(60)`, not as
  // `sqrt(var * 60)`: the text says "standard deviation ... times the constant sqrt(60)".
  return Math.sqrt(squares / (volWindow - 1)) * Math.sqrt(60);
}

/** STRATEGY.md 2: first match wins. */
function regimeOf(book: SymbolBook, rv: number | null, crosses24h: number, config: StrategyConfig): Regime {
  // AMBIGUITY: WARMUP tests only the slow EMA and rv, as written; with fast > slow in a config the
  // fast EMA could still be undefined here, and then `fast < slow` simply fails at entry.
  if (book.emaSlow === null || rv === null) return 'WARMUP';
  if (rv > config.regime.volatileAbove) return 'VOLATILE';
  if (crosses24h > config.entry.maxCrosses24h) return 'CHOPPY';
  if (rv < config.regime.quietBelow) return 'QUIET';
  return 'ACTIVE';
}

function dayOfTs(ts: number): number {
  return Math.floor(ts / DAY_MS);
}

/**
 * Runs STRATEGY.md over candles already merged in its order (by ts, then symbol index).
 * Operator controls are not part of a backtest: never paused, a halt is never resumed.
 */
export function referenceBacktest(candles: readonly Candle[], config: StrategyConfig): ReferenceResult {
  const books: SymbolBook[] = config.symbols.map((symbol) => {
    const instrument = config.instruments[symbol];
    if (!instrument) throw new Error(`no instrument spec for ${symbol}`);
    return {
      symbol,
      qtyStep: instrument.qtyStep,
      minQty: instrument.minQty,
      closes: [],
      emaFast: null,
      emaSlow: null,
      prevD: null,
      crossTimes: [],
      returns: [],
      lastClose: null,
      position: null,
      armedUntil: null,
      cooldownUntil: -Infinity,
      lossStreak: 0,
    };
  });
  const bookBySymbol = new Map(books.map((book) => [book.symbol, book] as const));
  const symbolIndex = new Map(config.symbols.map((symbol, index) => [symbol, index] as const));

  const trades: Trade[] = [];
  const equitySeries: number[] = [];
  const drawdownSeries: number[] = [];

  // Portfolio state, STRATEGY.md 4.
  let balance = config.initialBalance;
  // The first candle has no open position, so its equity is initialBalance: starting the peak
  // there is the same as starting it at -Infinity.
  let peak = config.initialBalance;
  let maxDrawdown = 0;
  let currentDay: number | null = null;
  let dayStartEquity = config.initialBalance;
  let dailyLocked = false;
  let previousEquity = config.initialBalance;
  let halted = false;
  let blockLatchOpen = true;
  let blockedUntil = -Infinity;

  const slip = config.slippageBps / bps;
  const minutes = (m: number): number => m * MINUTE_MS;

  /** Closes the position of `book` at raw price `fill`, at time T, then applies STRATEGY.md 6. */
  function closePosition(book: SymbolBook, fill: number, reason: ExitReason, T: number): void {
    const position = book.position!;
    const E = position.entryPrice;
    const q = position.qty;
    // "every buy fill ... pays slippage: X = fill * (1 + slippageBps / 10_000)"
    const X = fill * (1 + slip);
    // "Fees are fees.taker times fill times q"
    const exitFee = config.fees.taker * X * q;
    // "at exit balance += (E - X) * q - exitFee"
    balance += (E - X) * q - exitFee;
    // "A trade's net P&L is (E - X) * q - entryFee - exitFee"
    const pnl = (E - X) * q - position.entryFee - exitFee;
    trades.push({
      symbol: book.symbol,
      entryTs: position.entryTs,
      entryPrice: E,
      exitTs: T,
      exitPrice: X,
      qty: q,
      reason,
      fees: position.entryFee + exitFee,
      pnl,
    });
    book.position = null;
    applyCooldowns(book, position.entryTs, pnl, T);
  }

  /** STRATEGY.md 6: `cooldownUntil = max(cooldownUntil, T + pause)` for each rule that fires. */
  function applyCooldowns(book: SymbolBook, Te: number, pnl: number, T: number): void {
    const rules = config.cooldowns;
    // quick exit: "T - Te < holdBelowMinutes"
    if (T - Te < minutes(rules.quickExit.holdBelowMinutes)) {
      book.cooldownUntil = Math.max(book.cooldownUntil, T + minutes(rules.quickExit.pauseMinutes));
    }
    // loss streak: "net P&L < 0; a trade with P&L >= 0 resets the count; firing resets it to 0".
    // Counted per symbol (section 6 is "per symbol"); EMERGENCY closes count too.
    if (pnl < 0) {
      book.lossStreak += 1;
      if (book.lossStreak >= rules.lossStreak.losses) {
        book.cooldownUntil = Math.max(book.cooldownUntil, T + minutes(rules.lossStreak.pauseMinutes));
        book.lossStreak = 0;
      }
    } else {
      book.lossStreak = 0;
    }
    // high frequency: "more than maxTrades trades of this symbol closed in (T - 60 min, T], this
    // one included (the 60 minutes are fixed)"
    const lastHour = trades.filter((t) => t.symbol === book.symbol && t.exitTs > T - HOUR_MS && t.exitTs <= T);
    if (lastHour.length > rules.hourly.maxTrades) {
      book.cooldownUntil = Math.max(book.cooldownUntil, T + minutes(rules.hourly.pauseMinutes));
    }
    // daily cap: "maxTrades-th (or later) trade of this symbol closed in the current day (the day
    // of the candle at which it closed)". A trade closes at T = ts + 60_000 of its candle, so the
    // day of that candle is the day of exitTs - 60_000.
    // AMBIGUITY: "the current day" is the closing candle's UTC day (floor(ts / 86_400_000) of its
    // open time), counted per symbol from the trades list; it is independent of the portfolio's
    // tracked day of the daily-loss rule (they coincide anyway since candles come in ts order).
    const day = dayOfTs(T - MINUTE_MS);
    const today = trades.filter((t) => t.symbol === book.symbol && dayOfTs(t.exitTs - MINUTE_MS) === day);
    if (today.length >= rules.daily.maxTrades) {
      book.cooldownUntil = Math.max(book.cooldownUntil, T + minutes(rules.daily.pauseMinutes));
    }
  }

  let previousCandle: Candle | null = null;
  for (const candle of candles) {
    const book = bookBySymbol.get(candle.symbol);
    if (!book) throw new Error(`candle of ${candle.symbol}, which is not in config.symbols`);
    if (previousCandle) {
      const order = candle.ts - previousCandle.ts || symbolIndex.get(candle.symbol)! - symbolIndex.get(previousCandle.symbol)!;
      if (order <= 0) throw new Error(`candles out of order at ${candle.symbol} ${candle.ts}`);
    }
    previousCandle = candle;

    // "its close time is T = ts + 60_000. Decisions are made at T."
    const T = candle.ts + MINUTE_MS;

    // Day change, STRATEGY.md 4: "dayStartEquity is initialBalance for the first day; at the
    // first candle (of any symbol) of a new day it becomes the equity computed in step 4 of the
    // previous candle processed, and the lock is lifted."
    const day = dayOfTs(candle.ts);
    if (currentDay === null) {
      currentDay = day;
    } else if (day !== currentDay) {
      currentDay = day;
      dayStartEquity = previousEquity;
      dailyLocked = false;
    }

    // ---- 1. Indicators ----
    const previousClose = book.closes.length > 0 ? book.closes[book.closes.length - 1]! : null;
    book.closes.push(candle.close);
    book.emaFast = nextEma(book.emaFast, book.closes, config.ema.fast);
    book.emaSlow = nextEma(book.emaSlow, book.closes, config.ema.slow);
    // "d = fast - slow, defined when both are."
    const d = book.emaFast !== null && book.emaSlow !== null ? book.emaFast - book.emaSlow : null;
    // "A bearish cross happens at a candle where d is defined for it and for the previous candle,
    // d_prev >= 0 and d < 0; a bullish cross where d_prev <= 0 and d > 0."
    let bearishCross = false;
    let bullishCross = false;
    if (d !== null && book.prevD !== null) {
      bearishCross = book.prevD >= 0 && d < 0;
      bullishCross = book.prevD <= 0 && d > 0;
    }
    if (bearishCross || bullishCross) book.crossTimes.push(T);
    book.prevD = d;
    // "crosses24h = number of crosses (both kinds) of this symbol with time in (T - 24h, T]"
    // crossTimes is in increasing order (appended at each candle's T), so counting back from the
    // end until a time leaves the window counts exactly the filter (t > T - 24h && t <= T).
    let crosses24h = 0;
    for (let i = book.crossTimes.length - 1; i >= 0 && book.crossTimes[i]! > T - DAY_MS; i--) {
      if (book.crossTimes[i]! <= T) crosses24h += 1;
    }
    // "r = ln(close / previous close), from the second candle on."
    if (previousClose !== null) book.returns.push(Math.log(candle.close / previousClose));
    const rv = realizedVolatility(book.returns, config.regime.volWindow);

    // ---- 2. Regime ----
    const regime = regimeOf(book, rv, crosses24h, config);

    // ---- 3. Exits ----
    // With one candle per symbol and ts, a position on this symbol was always opened at an
    // earlier candle, so "never exited on the candle that opened it" holds by construction.
    if (book.position) {
      const E = book.position.entryPrice;
      const TP = E * (1 - config.exits.takeProfit);
      const SL = E * (1 + config.exits.stopLoss);
      if (candle.high >= SL) {
        closePosition(book, Math.max(candle.open, SL), 'STOP_LOSS', T);
      } else if (candle.low <= TP) {
        closePosition(book, Math.min(candle.open, TP), 'TAKE_PROFIT', T);
      } else if (T - book.position.entryTs >= minutes(config.exits.maxHoldMinutes)) {
        closePosition(book, candle.close, 'TIME_LIMIT', T);
      } else if (config.exits.onRegime.includes(regime)) {
        closePosition(book, candle.close, 'REGIME', T);
      }
    }

    // ---- 4. Marking and trading state ----
    // "lastClose is the latest close seen for that symbol (this candle's close for this symbol)"
    book.lastClose = candle.close;
    // "equity = balance + sum over open positions of (E - lastClose) * q", in symbol order,
    // accumulated left to right from balance.
    let equity = balance;
    for (const b of books) {
      if (b.position) equity = equity + (b.position.entryPrice - b.lastClose!) * b.position.qty;
    }
    peak = Math.max(peak, equity);
    const drawdown = 1 - equity / peak;
    // AMBIGUITY: the equity series, maxDrawdown and the next day's dayStartEquity use this marked
    // equity, before any EMERGENCY close of this candle ("Halt, block and size factor all use
    // the drawdown marked at this candle, before any EMERGENCY close").
    equitySeries.push(equity);
    drawdownSeries.push(drawdown);
    maxDrawdown = Math.max(maxDrawdown, drawdown);
    previousEquity = equity;

    // Daily loss: "After marking, if (dayStartEquity - equity) / dayStartEquity >= dailyLossLimit,
    // new entries are locked; the lock stays until the day changes".
    if ((dayStartEquity - equity) / dayStartEquity >= config.risk.dailyLossLimit) dailyLocked = true;

    // Drawdown tiers, in order: halt, block, size factor.
    const tiers = config.risk.drawdown;
    if (drawdown >= tiers.haltAt && !halted) {
      // "Every open position is closed at once, in symbol order, each at its own lastClose ...
      // with reason EMERGENCY and exit time this candle's T".
      // AMBIGUITY: this includes a position that another symbol's candle of this same ts opened
      // earlier in the sequence (the "never exited on the candle that opened it" rule is about
      // step 3): it closes with exitTs = entryTs, a hold of 0, so the quick-exit rule fires. It
      // happens in the sample with fast EMAs (see reference-sample.unit.spec.ts, churning config).
      halted = true;
      for (const b of books) {
        if (b.position) closePosition(b, b.lastClose!, 'EMERGENCY', T);
      }
    }
    // AMBIGUITY: the block latch and the size factor are evaluated at every candle, halted or
    // not ("checked in this order" read as an order of evaluation, not an if-else chain). After a
    // halt no entry is ever made again in a backtest, so this cannot change any trade.
    if (drawdown >= tiers.blockAt) {
      if (blockLatchOpen) {
        blockLatchOpen = false;
        if (T >= blockedUntil) blockedUntil = T + minutes(tiers.blockMinutes);
      }
    } else {
      blockLatchOpen = true;
    }
    const reducing = T < blockedUntil;
    // "Size factor: reduceFactor whenever drawdown >= reduceAt, else 1", from this candle's marking.
    const sizeFactor = drawdown >= tiers.reduceAt ? tiers.reduceFactor : 1;

    // ---- 5. Entry ----
    // Arming "happens at every candle, whether or not a position is open".
    // AMBIGUITY: bearish and bullish crosses are exclusive at one candle (d < 0 vs d > 0), so the
    // order of "arms" and "disarms" does not matter.
    if (bearishCross) book.armedUntil = T + minutes(config.entry.windowMinutes);
    if (bullishCross) book.armedUntil = null;

    if (!book.position && book.armedUntil !== null && T <= book.armedUntil) {
      const fast = book.emaFast;
      const slow = book.emaSlow;
      // Indicator side: "fast < slow; close < min(fast, slow) (the raw close); regime is ACTIVE".
      // Risk side: cooldown, not HALTED or REDUCING, no daily-loss lock (never paused here).
      // A failed condition "leaves it armed".
      const signal = fast !== null && slow !== null && fast < slow && candle.close < Math.min(fast, slow) && regime === 'ACTIVE';
      const allowed = T >= book.cooldownUntil && !halted && !reducing && !dailyLocked;
      if (signal && allowed) {
        // "Size (with balance as it stands before this entry's fee)"
        const margin = config.sizing.allocation * balance * sizeFactor;
        const notional = margin * config.sizing.leverage;
        const P = candle.close * (1 - slip);
        const steps = Math.floor(notional / P / book.qtyStep + 1e-9);
        const q = steps * book.qtyStep;
        // "Exposure cap: sum over open positions of E * q plus P * q must be <= maxExposure *
        // balance". AMBIGUITY: the sum runs over the other symbols' positions in symbol order,
        // from 0, and P * q is added last.
        let exposure = 0;
        for (const b of books) {
          if (b.position) exposure += b.position.entryPrice * b.position.qty;
        }
        // AMBIGUITY: the minQty check comes before the exposure cap (the event list names both as
        // rejections; the order only changes which reason a decider reports, never the trades).
        if (q >= book.minQty && exposure + P * q <= config.risk.maxExposure * balance) {
          // "E = P; the entry fee is fees.taker * P * q"; "At entry balance -= entryFee".
          const entryFee = config.fees.taker * P * q;
          balance -= entryFee;
          book.position = { symbol: book.symbol, entryTs: T, entryPrice: P, qty: q, entryFee };
          // "An entry disarms it (one entry per cross)."
          book.armedUntil = null;
        }
      }
    }
  }

  const openPositions: ReferenceOpenPosition[] = [];
  for (const b of books) {
    if (b.position) {
      const lastClose = b.lastClose!;
      openPositions.push({ ...b.position, lastClose, unrealizedPnl: (b.position.entryPrice - lastClose) * b.position.qty });
    }
  }
  return { trades, openPositions, finalBalance: balance, equity: equitySeries, drawdown: drawdownSeries, maxDrawdown, halted };
}
