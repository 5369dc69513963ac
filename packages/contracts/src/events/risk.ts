import { z } from 'zod';
import type { EventSpec } from './event-spec';
import { amountSchema, epochMsSchema, nonNegativeSchema, orderSideSchema, positiveSchema, requestIdSchema, symbolSchema } from './fields';

/**
 * Risk decisions. All but CooldownEnded and OrderRequested are decisions of the pure core
 * (packages/core/src/events.ts is the source of truth for the field names): `data` is the core
 * decision without its `type`, so a decision maps 1:1. `T` is the close time of the candle that
 * decided.
 */

export const EXIT_REASONS = ['STOP_LOSS', 'TAKE_PROFIT', 'TIME_LIMIT', 'REGIME', 'EMERGENCY', 'FLATTEN'] as const;
export const exitReasonSchema = z.enum(EXIT_REASONS);
export type ExitReason = z.infer<typeof exitReasonSchema>;

export const TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;
export const tradingStateSchema = z.enum(TRADING_STATES);
export type TradingState = z.infer<typeof tradingStateSchema>;

export const COOLDOWN_RULES = ['QUICK_EXIT', 'LOSS_STREAK', 'HOURLY', 'DAILY'] as const;
export const cooldownRuleSchema = z.enum(COOLDOWN_RULES);
export type CooldownRule = z.infer<typeof cooldownRuleSchema>;

export const ENTRY_REJECTION_REASONS = ['COOLDOWN', 'HALTED', 'REDUCING', 'DAILY_LOSS_LOCK', 'PAUSED', 'QTY_BELOW_MIN', 'EXPOSURE_CAP'] as const;
export const entryRejectionReasonSchema = z.enum(ENTRY_REJECTION_REASONS);
export type EntryRejectionReason = z.infer<typeof entryRejectionReasonSchema>;

const sizeFactorSchema = z.number().gt(0).max(1);
/** `1 - equity / peak` with `equity <= peak`: never negative. */
const drawdownSchema = nonNegativeSchema;

/** A time that caused the decision (the cross, the entry) cannot come after the decision. */
const notAfterT = (field: string) => (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
  const [t, earlier] = [value['T'], value[field]];
  if (typeof t === 'number' && typeof earlier === 'number' && earlier > t) ctx.addIssue({ code: 'custom', path: [field], message: `must be <= T (${t}), was ${earlier}` });
};

export const entryRejectedSchema = z
  .strictObject({ symbol: symbolSchema, T: epochMsSchema, crossT: epochMsSchema, reason: entryRejectionReasonSchema })
  .superRefine(notAfterT('crossT'));
export type EntryRejectedData = z.infer<typeof entryRejectedSchema>;

export const positionOpenedSchema = z
  .strictObject({
    symbol: symbolSchema,
    T: epochMsSchema,
    crossT: epochMsSchema,
    /** Sell fill after slippage: the entry price E. */
    entryPrice: positiveSchema,
    qty: positiveSchema,
    entryFee: nonNegativeSchema,
    /** `E * (1 - takeProfit)` and `E * (1 + stopLoss)` (E after slippage), also for exchange-side protection. */
    takeProfit: positiveSchema,
    stopLoss: positiveSchema,
    sizeFactor: sizeFactorSchema,
  })
  .superRefine(notAfterT('crossT'))
  .superRefine((p, ctx) => {
    // Positions are short: profit is below the entry, the stop above it.
    if (!(p.takeProfit < p.stopLoss)) ctx.addIssue({ code: 'custom', path: ['takeProfit'], message: `must be < stopLoss (${p.stopLoss}) for a short, was ${p.takeProfit}` });
  });
export type PositionOpenedData = z.infer<typeof positionOpenedSchema>;

export const positionClosedSchema = z
  .strictObject({
    symbol: symbolSchema,
    T: epochMsSchema,
    reason: exitReasonSchema,
    entryT: epochMsSchema,
    entryPrice: positiveSchema,
    /** Buy fill after slippage: the exit price X. */
    exitPrice: positiveSchema,
    qty: positiveSchema,
    entryFee: nonNegativeSchema,
    exitFee: nonNegativeSchema,
    /** Net of both fees. */
    pnl: amountSchema,
  })
  .superRefine(notAfterT('entryT'));
export type PositionClosedData = z.infer<typeof positionClosedSchema>;

export const cooldownStartedSchema = z
  .strictObject({
    symbol: symbolSchema,
    T: epochMsSchema,
    rule: cooldownRuleSchema,
    /** The symbol's cooldown end after this rule: the max of the old end and `T + pause`. */
    until: epochMsSchema,
  })
  .superRefine((c, ctx) => {
    if (c.until < c.T) ctx.addIssue({ code: 'custom', path: ['until'], message: `must be >= T (${c.T}), was ${c.until}` });
  });
export type CooldownStartedData = z.infer<typeof cooldownStartedSchema>;

/** Published by the risk service when a symbol's cooldown has run out (the core has no timer). */
export const cooldownEndedSchema = z.strictObject({ symbol: symbolSchema, T: epochMsSchema });
export type CooldownEndedData = z.infer<typeof cooldownEndedSchema>;

export const tradingStateChangedSchema = z
  .strictObject({
    T: epochMsSchema,
    from: tradingStateSchema,
    to: tradingStateSchema,
    drawdown: drawdownSchema,
    equity: amountSchema,
    /** When `to` is REDUCING: the end of the block. */
    blockedUntil: epochMsSchema.nullable(),
  })
  .superRefine((s, ctx) => {
    if (s.from === s.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `must differ from from (${s.from})` });
    if (s.to === 'REDUCING' && s.blockedUntil === null) ctx.addIssue({ code: 'custom', path: ['blockedUntil'], message: 'must be the end of the block when to is REDUCING' });
  });
export type TradingStateChangedData = z.infer<typeof tradingStateChangedSchema>;

export const sizeFactorChangedSchema = z.strictObject({ T: epochMsSchema, sizeFactor: sizeFactorSchema, drawdown: drawdownSchema });
export type SizeFactorChangedData = z.infer<typeof sizeFactorChangedSchema>;

export const dailyLossLockedSchema = z.strictObject({
  T: epochMsSchema,
  /** UTC day number, `floor(ts / 86_400_000)`. */
  day: z.number().int().nonnegative(),
  dayStartEquity: amountSchema,
  equity: amountSchema,
  loss: amountSchema,
});
export type DailyLossLockedData = z.infer<typeof dailyLossLockedSchema>;

export const dailyLossUnlockedSchema = z.strictObject({ T: epochMsSchema, day: z.number().int().nonnegative() });
export type DailyLossUnlockedData = z.infer<typeof dailyLossUnlockedSchema>;

export const ORDER_INTENTS = ['OPEN', 'CLOSE'] as const;
export const orderIntentSchema = z.enum(ORDER_INTENTS);
export type OrderIntent = z.infer<typeof orderIntentSchema>;

export const ORDER_REASONS = ['ENTRY', ...EXIT_REASONS] as const;
export const orderReasonSchema = z.enum(ORDER_REASONS);
export type OrderReason = z.infer<typeof orderReasonSchema>;

/** Risk asks execution to open or close; `requestId` is also the exchange's `orderLinkId`. */
export const orderRequestedSchema = z
  .strictObject({
    requestId: requestIdSchema,
    symbol: symbolSchema,
    /** The decision time: the close of the candle that decided. */
    T: epochMsSchema,
    side: orderSideSchema,
    intent: orderIntentSchema,
    qty: positiveSchema,
    /** The price the rules assumed (the candle close or the exit level), to measure slippage against. */
    modelPrice: positiveSchema,
    reason: orderReasonSchema,
    takeProfit: positiveSchema.optional(),
    stopLoss: positiveSchema.optional(),
    reduceOnly: z.boolean(),
    /** OPEN: the bearish cross it uses, and the size factor it was sized with. */
    crossT: epochMsSchema.optional(),
    sizeFactor: sizeFactorSchema.optional(),
    /** CLOSE: when the position being closed was opened. */
    entryT: epochMsSchema.optional(),
  })
  .superRefine((o, ctx) => {
    if ((o.intent === 'OPEN') !== (o.reason === 'ENTRY')) ctx.addIssue({ code: 'custom', path: ['reason'], message: `${o.intent} goes with ${o.intent === 'OPEN' ? 'ENTRY' : 'an exit reason'}, was ${o.reason}` });
    // A close must never open the opposite position if the exchange already closed ours.
    if (o.reduceOnly !== (o.intent === 'CLOSE')) ctx.addIssue({ code: 'custom', path: ['reduceOnly'], message: `must be ${o.intent === 'CLOSE'} for intent ${o.intent}` });
  });
export type OrderRequestedData = z.infer<typeof orderRequestedSchema>;

/**
 * The portfolio as risk marked it at a candle (step 4), published once per candle. It gives the
 * read model the equity and drawdown curves, and it records which execution and control events
 * risk had applied before this candle (`applied`), so that risk rebuilds its state at start by
 * replaying its three inputs in the order it first saw them.
 */
export const portfolioMarkedSchema = z.strictObject({
  T: epochMsSchema,
  /** The symbol whose candle this mark follows. */
  symbol: symbolSchema,
  balance: amountSchema,
  equity: amountSchema,
  peak: amountSchema,
  drawdown: drawdownSchema,
  /** Open notional at entry prices, `Σ E * q`. */
  exposure: nonNegativeSchema,
  openPositions: z.number().int().nonnegative(),
  tradingState: tradingStateSchema,
  sizeFactor: sizeFactorSchema,
  dailyLocked: z.boolean(),
  applied: z.strictObject({
    /** Stream sequence of the CandleAssessed this mark is for. */
    assessed: z.number().int().positive(),
    exec: z.number().int().nonnegative(),
    ctl: z.number().int().nonnegative(),
  }),
});
export type PortfolioMarkedData = z.infer<typeof portfolioMarkedSchema>;

/** PositionOpened and PositionClosed are registered with execution, which publishes the facts. */
export const riskEvents = {
  EntryRejected: { v: 1, data: entryRejectedSchema },
  CooldownStarted: { v: 1, data: cooldownStartedSchema },
  CooldownEnded: { v: 1, data: cooldownEndedSchema },
  TradingStateChanged: { v: 1, data: tradingStateChangedSchema },
  SizeFactorChanged: { v: 1, data: sizeFactorChangedSchema },
  DailyLossLocked: { v: 1, data: dailyLossLockedSchema },
  DailyLossUnlocked: { v: 1, data: dailyLossUnlockedSchema },
  OrderRequested: { v: 1, data: orderRequestedSchema },
  PortfolioMarked: { v: 1, data: portfolioMarkedSchema },
} as const satisfies Record<string, EventSpec>;
