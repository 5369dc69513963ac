import { z } from 'zod';

/**
 * Field schemas shared by the event data of every bounded context, so that a price, a time or a
 * symbol means the same thing on every event.
 */

/**
 * An exchange symbol as it appears in data and in subjects: upper-case letters and digits only,
 * so it is always a valid NATS subject token (no `.`, spaces or wildcards).
 */
export const SYMBOL_PATTERN = /^[A-Z0-9]{1,32}$/;
export const symbolSchema = z.string().regex(SYMBOL_PATTERN, 'must be an upper-case exchange symbol such as BTCUSDT');

/** Epoch milliseconds UTC. */
export const epochMsSchema = z.number().int().nonnegative();

/** A closed 1-minute candle opens on a whole minute; a `ts` off the grid is seconds or a bug. */
export const MINUTE_MS = 60_000;
export const minuteAlignedMsSchema = epochMsSchema.refine((ts) => ts % MINUTE_MS === 0, 'must be a multiple of 60000 (a whole minute in epoch ms)');

/** Prices and quantities: positive and finite (zod 4 numbers reject NaN and Infinity). */
export const positiveSchema = z.number().positive();
/** Fees and counts of money that cannot be negative. */
export const nonNegativeSchema = z.number().nonnegative();
/** Balances, equity and P&L: any finite number. */
export const amountSchema = z.number();

export const textSchema = z.string().min(1);

/** Bybit's `orderLinkId` rule: at most 36 characters of letters, digits, `-` and `_`. */
export const ORDER_LINK_ID_PATTERN = /^[A-Za-z0-9_-]{1,36}$/;
export const requestIdSchema = z.string().regex(ORDER_LINK_ID_PATTERN, 'must be 1-36 characters of [A-Za-z0-9_-] (Bybit orderLinkId)');

export const ORDER_SIDES = ['SELL', 'BUY'] as const;
export const orderSideSchema = z.enum(ORDER_SIDES);
export type OrderSide = z.infer<typeof orderSideSchema>;
