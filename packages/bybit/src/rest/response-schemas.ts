import { z } from 'zod';

/**
 * Shapes of the raw V5 `result` objects we read ourselves (BYBIT_V5.md §4.3). Bybit sends
 * numbers as strings and uses "" for "not set"; these schemas turn both into numbers or
 * undefined once, at the edge.
 */
const numeric = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const n = typeof v === 'number' ? v : Number(v);
  if (v === '' || !Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `expected a number, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});
/** "" and absent mean unset; "0" for a price (takeProfit, stopLoss) also means unset. */
const optionalNumber = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v) => {
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  });
const optionalPrice = optionalNumber.transform((n) => (n === 0 ? undefined : n));
const side = z.enum(['Buy', 'Sell']);

export const listResult = <T extends z.ZodType>(item: T) =>
  z.object({ list: z.array(item), nextPageCursor: z.string().optional() });

export const serverTimeSchema = z.object({ time: numeric });

export const orderSchema = z.object({
  orderId: z.string(),
  orderLinkId: z.string(),
  symbol: z.string(),
  side,
  orderType: z.string(),
  orderStatus: z.string(),
  qty: numeric,
  cumExecQty: numeric,
  cumExecValue: optionalNumber,
  cumExecFee: optionalNumber,
  cumFeeDetail: z.record(z.string(), z.string()).optional(),
  avgPrice: optionalNumber,
  reduceOnly: z.boolean().optional(),
  takeProfit: optionalPrice,
  stopLoss: optionalPrice,
  rejectReason: z.string().optional(),
  createdTime: numeric,
  updatedTime: numeric,
});

export const executionSchema = z.object({
  execId: z.string(),
  orderId: z.string(),
  orderLinkId: z.string(),
  symbol: z.string(),
  side,
  execType: z.string(),
  execPrice: numeric,
  execQty: numeric,
  execValue: numeric,
  execFee: numeric,
  feeRate: optionalNumber,
  feeCurrency: z.string().optional(),
  isMaker: z.boolean().optional(),
  closedSize: optionalNumber,
  execPnl: optionalNumber,
  execTime: numeric,
});

export const positionSchema = z.object({
  symbol: z.string(),
  side: z.enum(['Buy', 'Sell', '']),
  size: numeric,
  avgPrice: optionalNumber,
  leverage: optionalNumber,
  markPrice: optionalNumber,
  liqPrice: optionalNumber,
  positionValue: optionalNumber,
  unrealisedPnl: optionalNumber,
  curRealisedPnl: optionalNumber,
  cumRealisedPnl: optionalNumber,
  takeProfit: optionalPrice,
  stopLoss: optionalPrice,
  positionIdx: z.number().optional(),
  updatedTime: optionalNumber,
});

export const walletSchema = z.object({
  list: z.array(
    z.object({
      accountType: z.string(),
      totalEquity: optionalNumber,
      totalWalletBalance: optionalNumber,
      totalAvailableBalance: optionalNumber,
      totalPerpUPL: optionalNumber,
      coin: z.array(
        z.object({
          coin: z.string(),
          walletBalance: numeric,
          equity: optionalNumber,
          unrealisedPnl: optionalNumber,
          cumRealisedPnl: optionalNumber,
          locked: optionalNumber,
          totalPositionIM: optionalNumber,
          totalOrderIM: optionalNumber,
          availableToWithdraw: optionalNumber,
        }),
      ),
    }),
  ),
});

export const createOrderResultSchema = z.object({ orderId: z.string(), orderLinkId: z.string().optional() });

/** GET /v5/user/query-api. The response also echoes the key (and a blank secret): never log it. */
export const apiKeyInfoSchema = z.object({
  readOnly: z.union([z.number(), z.string()]).transform((v) => Number(v)),
  permissions: z.record(z.string(), z.array(z.string()).nullable().optional()),
  expiredAt: z.string().optional(),
  deadlineDay: z.number().optional(),
  ips: z.array(z.string()).optional(),
});

export type RawOrder = z.infer<typeof orderSchema>;
export type RawExecution = z.infer<typeof executionSchema>;
export type RawPosition = z.infer<typeof positionSchema>;
export type ApiKeyInfo = z.infer<typeof apiKeyInfoSchema>;
