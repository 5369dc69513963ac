import type { StrategyConfig } from '@mast/contracts';
import { HOUR_MS, MINUTE_MS } from './candles';
import type { CooldownRule, CooldownStarted } from './events';

/** STRATEGY.md §6: per-symbol cooldown bookkeeping, updated when a trade on it closes. */
export interface CooldownState {
  readonly symbol: string;
  /** Entries are allowed at `T >= cooldownUntil`. */
  cooldownUntil: number;
  /** Losing trades in a row. */
  lossStreak: number;
  /** Close times inside the last hour (older ones are dropped as trades close). */
  readonly recentCloses: number[];
  /** The UTC day of `tradesToday`. */
  tradesDay: number;
  tradesToday: number;
}

export function initialCooldownState(symbol: string): CooldownState {
  return { symbol, cooldownUntil: -Infinity, lossStreak: 0, recentCloses: [], tradesDay: NaN, tradesToday: 0 };
}

export function inCooldown(state: CooldownState, T: number): boolean {
  return T < state.cooldownUntil;
}

/**
 * A trade on this symbol closed at `T` (at a candle of UTC day `day`), held since `entryT`, with
 * net P&L `pnl`. Applies every rule that fires, in the table's order, and returns what started.
 */
export function recordClosedTrade(
  state: CooldownState,
  T: number,
  day: number,
  entryT: number,
  pnl: number,
  rules: StrategyConfig['cooldowns'],
): CooldownStarted[] {
  const started: CooldownStarted[] = [];
  const pause = (rule: CooldownRule, minutes: number) => {
    state.cooldownUntil = Math.max(state.cooldownUntil, T + minutes * MINUTE_MS);
    started.push({ type: 'CooldownStarted', symbol: state.symbol, T, rule, until: state.cooldownUntil });
  };

  if (T - entryT < rules.quickExit.holdBelowMinutes * MINUTE_MS) pause('QUICK_EXIT', rules.quickExit.pauseMinutes);

  if (pnl < 0) {
    state.lossStreak++;
    if (state.lossStreak >= rules.lossStreak.losses) {
      state.lossStreak = 0;
      pause('LOSS_STREAK', rules.lossStreak.pauseMinutes);
    }
  } else {
    state.lossStreak = 0;
  }

  const closes = state.recentCloses;
  closes.push(T);
  let expired = 0;
  while (expired < closes.length && closes[expired]! <= T - HOUR_MS) expired++;
  if (expired > 0) closes.splice(0, expired);
  if (closes.length > rules.hourly.maxTrades) pause('HOURLY', rules.hourly.pauseMinutes);

  if (state.tradesDay !== day) {
    state.tradesDay = day;
    state.tradesToday = 0;
  }
  state.tradesToday++;
  if (state.tradesToday >= rules.daily.maxTrades) pause('DAILY', rules.daily.pauseMinutes);

  return started;
}
