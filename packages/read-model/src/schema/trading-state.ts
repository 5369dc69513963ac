import { sql } from 'drizzle-orm';
import { bigint, boolean, check, doublePrecision, integer, smallint, text } from 'drizzle-orm/pg-core';
import type { PgSchema } from 'drizzle-orm/pg-core';

/**
 * The portfolio's single row (`id = 1`). Risk events own the state columns, execution events the
 * balance and trade totals, so no column depends on how the two streams interleave.
 */
export function tradingStateTable(schema: PgSchema) {
  return schema.table(
    'trading_state',
    {
      id: smallint('id').primaryKey().default(1),
      state: text('state').notNull().default('ACTIVE'),
      halted: boolean('halted').notNull().default(false),
      /** `T` of the last TradingStateChanged. */
      stateT: bigint('state_t', { mode: 'number' }),
      /** As risk last marked or reported them (PortfolioMarked every candle, tier and lock events). */
      drawdown: doublePrecision('drawdown'),
      equity: doublePrecision('equity'),
      peak: doublePrecision('peak'),
      /** Open notional at entry prices, `Σ E * q`, at the last mark. */
      exposure: doublePrecision('exposure'),
      /** The balance as risk books it at the last mark (execution's own figure is `balance`). */
      riskBalance: doublePrecision('risk_balance'),
      /** `T` of the risk event that last reported equity or drawdown. */
      equityT: bigint('equity_t', { mode: 'number' }),
      blockedUntil: bigint('blocked_until', { mode: 'number' }),
      sizeFactor: doublePrecision('size_factor').notNull().default(1),
      dailyLossLocked: boolean('daily_loss_locked').notNull().default(false),
      /** UTC day number of the last daily-loss lock or unlock. */
      dailyLossDay: integer('daily_loss_day'),
      dayStartEquity: doublePrecision('day_start_equity'),
      balance: doublePrecision('balance'),
      balanceEquity: doublePrecision('balance_equity'),
      balanceTs: bigint('balance_ts', { mode: 'number' }),
      trades: integer('trades').notNull().default(0),
      wins: integer('wins').notNull().default(0),
      realizedPnl: doublePrecision('realized_pnl').notNull().default(0),
      fees: doublePrecision('fees').notNull().default(0),
    },
    (t) => [check('trading_state_single_row', sql`${t.id} = 1`)],
  );
}
