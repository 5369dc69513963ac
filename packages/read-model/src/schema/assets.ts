import { bigint, doublePrecision, integer, text } from 'drizzle-orm/pg-core';
import type { PgSchema } from 'drizzle-orm/pg-core';

/**
 * One row per symbol. Each group of columns is written from one stream only (candle columns from
 * market data, indicator columns from signals), so the row does not depend on how the consumers
 * of different streams interleave: a rebuild gives the same row as live.
 */
export function assetsTable(schema: PgSchema) {
  return schema.table('assets', {
    symbol: text('symbol').primaryKey(),
    /** From the instrument config the projector was given; null when it has none for the symbol. */
    qtyStep: doublePrecision('qty_step'),
    minQty: doublePrecision('min_qty'),
    /** Close of the latest candle (by open time) and that candle's open time. */
    lastPrice: doublePrecision('last_price'),
    lastCandleTs: bigint('last_candle_ts', { mode: 'number' }),
    regime: text('regime'),
    regimeT: bigint('regime_t', { mode: 'number' }),
    emaFast: doublePrecision('ema_fast'),
    emaSlow: doublePrecision('ema_slow'),
    rv: doublePrecision('rv'),
    crosses24h: integer('crosses24h'),
    /** `T` of the signal event that last reported indicator values. */
    indicatorsT: bigint('indicators_t', { mode: 'number' }),
    lastCross: text('last_cross'),
    lastCrossT: bigint('last_cross_t', { mode: 'number' }),
  });
}
