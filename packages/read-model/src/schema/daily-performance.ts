import { boolean, date, doublePrecision, integer, primaryKey, text } from 'drizzle-orm/pg-core';
import type { PgSchema } from 'drizzle-orm/pg-core';

/** The `symbol` of the whole-portfolio row of a day (the same `*` that decision ids use). */
export const PORTFOLIO_KEY = '*';

/**
 * Per UTC day (of the candle that decided: `floor((T - 60_000) / 86_400_000)`) and symbol, plus
 * one portfolio row per day (`symbol = '*'`). Trades, wins, P&L and fees come from execution's
 * PositionClosed, summed in close order; the portfolio row also keeps what risk events report.
 */
export function dailyPerformanceTable(schema: PgSchema) {
  return schema.table(
    'daily_performance',
    {
      day: date('day', { mode: 'string' }).notNull(),
      symbol: text('symbol').notNull(),
      trades: integer('trades').notNull().default(0),
      /** Trades with net P&L > 0. */
      wins: integer('wins').notNull().default(0),
      pnl: doublePrecision('pnl').notNull().default(0),
      fees: doublePrecision('fees').notNull().default(0),
      /**
       * Portfolio row only: the largest drawdown risk reported that day (it marks every candle with
       * PortfolioMarked, so this is the day's max drawdown of marked equity).
       */
      drawdownMax: doublePrecision('drawdown_max'),
      /** Portfolio row only: the last equity risk reported that day (the day's closing equity). */
      equityLast: doublePrecision('equity_last'),
      /** Portfolio row only: the last balance execution reported that day. */
      balanceLast: doublePrecision('balance_last'),
      /** Portfolio row only: the daily loss lock fired that day. */
      lossLocked: boolean('loss_locked').notNull().default(false),
    },
    (t) => [primaryKey({ name: 'daily_performance_pkey', columns: [t.day, t.symbol] })],
  );
}
