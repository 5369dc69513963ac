import { z } from 'zod';

/**
 * Frames of the V5 streams (BYBIT_V5.md §5, §6), validated before use: a frame that does not
 * fit is counted and skipped, never trusted. Prices and sizes arrive as decimal strings.
 */
const isDecimal = (v: string | number): boolean => v !== '' && Number.isFinite(Number(v));
const notADecimal = (v: unknown): string => `not a number: ${JSON.stringify(v)}`;
const decimal = z.union([z.string(), z.number()]).transform((v, ctx) => {
  if (!isDecimal(v)) {
    ctx.addIssue({ code: 'custom', message: notADecimal(v) });
    return z.NEVER;
  }
  return Number(v);
});
const optionalDecimal = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v) => {
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  });
const millis = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);

/** Answers to our own ops: subscribe, auth, ping (public pong), pong (private pong). */
export const opReplySchema = z.object({
  op: z.string(),
  success: z.boolean().optional(),
  ret_msg: z.string().optional(),
  retCode: z.number().optional(),
  req_id: z.string().optional(),
  conn_id: z.string().optional(),
});
export type OpReply = z.infer<typeof opReplySchema>;

/**
 * Kline pushes are the hot path: every push is parsed (Bybit pushes each symbol's forming candle
 * every 1-60 s; the simulator in lockstep pushes every point of its price path), so this schema
 * only checks, with the same rules and messages as `decimal` and `millis`, and the stream reads
 * the numbers with `Number()` afterwards. With transforms, every field went through zod's pipe,
 * whose result objects come from one allocation site shared by all pipes; at lockstep rates V8
 * decided that site made long-lived objects (`--trace-pretenuring-statistics`) and allocated them
 * straight in the old generation, where they piled up until a full collection: market-data's peak
 * RSS was 30 MB higher.
 */
const decimalText = z.union([z.string(), z.number()]).refine(isDecimal, { error: (issue) => notADecimal(issue.input) });
const millisText = z.union([z.number(), z.string().regex(/^\d+$/)]);

export const klineFrameSchema = z.object({
  topic: z.string().regex(/^kline\.1\.[A-Z0-9]+$/),
  type: z.string().optional(),
  ts: millisText.optional(),
  data: z
    .array(
      z.object({
        start: millisText,
        end: millisText.optional(),
        interval: z.literal('1'),
        open: decimalText,
        high: decimalText,
        low: decimalText,
        close: decimalText,
        volume: decimalText,
        confirm: z.boolean(),
        timestamp: millisText.optional(),
      }),
    )
    .min(1),
});

export const tickerFrameSchema = z.object({
  topic: z.string().regex(/^tickers\.[A-Z0-9]+$/),
  type: z.enum(['snapshot', 'delta']),
  ts: millis,
  data: z.object({
    symbol: z.string(),
    lastPrice: optionalDecimal,
    markPrice: optionalDecimal,
    indexPrice: optionalDecimal,
    bid1Price: optionalDecimal,
    ask1Price: optionalDecimal,
    fundingRate: optionalDecimal,
    nextFundingTime: optionalDecimal,
  }),
});

const side = z.enum(['Buy', 'Sell']);

export const orderUpdateSchema = z.object({
  category: z.string().optional(),
  symbol: z.string(),
  orderId: z.string(),
  orderLinkId: z.string(),
  side,
  orderType: z.string(),
  orderStatus: z.string(),
  qty: decimal,
  cumExecQty: decimal,
  avgPrice: optionalDecimal,
  cumExecFee: optionalDecimal,
  closedPnl: optionalDecimal,
  reduceOnly: z.boolean().optional(),
  takeProfit: optionalDecimal,
  stopLoss: optionalDecimal,
  stopOrderType: z.string().optional(),
  rejectReason: z.string().optional(),
  createdTime: millis,
  updatedTime: millis,
});

export const executionUpdateSchema = z.object({
  symbol: z.string(),
  orderId: z.string(),
  orderLinkId: z.string(),
  side,
  execId: z.string(),
  execType: z.string(),
  execPrice: decimal,
  execQty: decimal,
  execValue: optionalDecimal,
  execFee: decimal,
  feeRate: optionalDecimal,
  isMaker: z.boolean().optional(),
  closedSize: optionalDecimal,
  execPnl: optionalDecimal,
  execTime: millis,
  seq: z.number().optional(),
});

export const positionUpdateSchema = z.object({
  symbol: z.string(),
  side: z.enum(['Buy', 'Sell', '']),
  size: decimal,
  entryPrice: optionalDecimal,
  leverage: optionalDecimal,
  markPrice: optionalDecimal,
  liqPrice: optionalDecimal,
  unrealisedPnl: optionalDecimal,
  cumRealisedPnl: optionalDecimal,
  takeProfit: optionalDecimal,
  stopLoss: optionalDecimal,
  updatedTime: millis.optional(),
  seq: z.number().optional(),
});

export const walletUpdateSchema = z.object({
  accountType: z.string(),
  totalEquity: optionalDecimal,
  totalWalletBalance: optionalDecimal,
  totalAvailableBalance: optionalDecimal,
  coin: z.array(
    z.object({
      coin: z.string(),
      walletBalance: decimal,
      equity: optionalDecimal,
      unrealisedPnl: optionalDecimal,
      cumRealisedPnl: optionalDecimal,
    }),
  ),
});

export const privatePushSchema = z.object({
  id: z.string().optional(),
  topic: z.enum(['order', 'execution', 'position', 'wallet']),
  creationTime: millis.optional(),
  data: z.array(z.unknown()),
});

export type OrderUpdate = z.infer<typeof orderUpdateSchema>;
export type ExecutionUpdate = z.infer<typeof executionUpdateSchema>;
export type PositionUpdate = z.infer<typeof positionUpdateSchema>;
export type WalletUpdate = z.infer<typeof walletUpdateSchema>;

/** "a.b: message; c: message", short enough for a log line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** Whether `message` answers our op `op` sent with `reqId` (some answers omit the req_id). */
export function isReply(message: unknown, op: string, reqId: string): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as { op?: unknown; req_id?: unknown };
  return m.op === op && (m.req_id === undefined || m.req_id === '' || m.req_id === reqId);
}
