import { decisionId, type EventOf, type MastEvent } from '@mast/contracts';
import { MINUTE_MS } from '@mast/core';
import { envelope } from './envelope';
import { isOrderRefusedError, type ExchangeFill, type ExecutionPort } from './execution-port';

/**
 * The execution service's work: order requests become exchange orders (orderLinkId = request
 * id, so a redelivered request finds its order instead of placing another), and what the exchange
 * did becomes facts: OrderAccepted or OrderRejected, OrderFilled per fill, PositionOpened and
 * PositionClosed with the real prices and fees. Exchange-side stops that fire are facts too.
 */
export interface ExecutionHandler {
  /**
   * Places the order and returns its facts. `accepted`, when given, receives OrderAccepted as soon
   * as the exchange took the order, before the fill is looked up (so it is published at once).
   */
  handleOrderRequest(event: EventOf<'OrderRequested'>, accepted?: (events: MastEvent[]) => Promise<void>): Promise<MastEvent[]>;
  /** A fill the exchange made on its own (take-profit or stop-loss on the position). */
  handleProtectionFill(fill: ExchangeFill & { readonly symbol: string; readonly kind: 'TAKE_PROFIT' | 'STOP_LOSS' }): MastEvent[];
  /** Rebuild: applies a fact this service published before. */
  replay(event: MastEvent): void;
  /** Open positions as execution knows them. */
  positions(): ReadonlyMap<string, OpenPosition>;
}

export interface OpenPosition {
  readonly symbol: string;
  readonly entryT: number;
  readonly entryPrice: number;
  readonly qty: number;
  readonly entryFee: number;
  readonly takeProfit: number;
  readonly stopLoss: number;
}

export interface ExecutionHandlerOptions {
  readonly port: ExecutionPort;
  readonly source?: string;
  /** How long to wait for a market order to reach a final state. */
  readonly fillTimeoutMs?: number;
  /** How long to wait for the exchange's pushes of an order's outcome before asking over REST; default 500 ms. */
  readonly pushWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Bybit's retCode when a reduce-only order finds no position: an exchange-side stop got there first. */
export const POSITION_ALREADY_CLOSED = 110017;

const FINAL = new Set(['Filled', 'Cancelled', 'Rejected', 'Deactivated', 'PartiallyFilledCanceled']);

export function createExecutionHandler(options: ExecutionHandlerOptions): ExecutionHandler {
  const { port } = options;
  const source = options.source ?? 'execution';
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const fillTimeoutMs = options.fillTimeoutMs ?? 10_000;
  const pushWaitMs = options.pushWaitMs ?? 500;
  const open = new Map<string, OpenPosition>();
  /**
   * Requests already answered on the log (an OrderRejected, or an OrderFilled, replayed or
   * published): a redelivery of one of them changes nothing. A request is answered once, so a
   * close that an exchange-side stop pre-empted still gets its own answer (OrderRejected).
   */
  const answered = new Set<string>();

  const awaitFinal = async (symbol: string, linkId: string) => {
    const deadline = Date.now() + fillTimeoutMs;
    for (let wait = 5; ; wait = Math.min(wait * 2, 500)) {
      const order = await port.fetchOrderByLinkId(symbol, linkId);
      if (order && FINAL.has(order.status)) return order;
      if (Date.now() > deadline) throw new Error(`order ${linkId} on ${symbol} not final after ${fillTimeoutMs} ms (${order?.status ?? 'not found'})`);
      await sleep(wait);
    }
  };

  const closedFact = (position: OpenPosition, T: number, reason: EventOf<'PositionClosed'>['data']['reason'], exitPrice: number, exitFee: number, cause: string, correlation: string) =>
    envelope(
      'PositionClosed',
      {
        symbol: position.symbol,
        T,
        reason,
        entryT: position.entryT,
        entryPrice: position.entryPrice,
        exitPrice,
        qty: position.qty,
        entryFee: position.entryFee,
        exitFee,
        pnl: (position.entryPrice - exitPrice) * position.qty - position.entryFee - exitFee,
      },
      { id: decisionId('PositionClosed', position.symbol, T, position.entryT), ts: T, source, causationId: cause, correlationId: correlation },
    );

  const handleOrderRequest = async (event: EventOf<'OrderRequested'>, accepted?: (events: MastEvent[]) => Promise<void>): Promise<MastEvent[]> => {
    const out = await decideOrder(event, accepted);
    for (const fact of out) if (fact.type === 'OrderFilled' || fact.type === 'OrderRejected') answered.add(fact.data.requestId);
    return out;
  };

  const decideOrder = async (event: EventOf<'OrderRequested'>, accepted?: (events: MastEvent[]) => Promise<void>): Promise<MastEvent[]> => {
    const request = event.data;
    const out: MastEvent[] = [];
    // A redelivered request whose outcome is already on the log: nothing more to do.
    if (answered.has(request.requestId)) return out;
    const meta = (id: string) => ({ id, ts: request.T, source, causationId: event.id, correlationId: event.correlationId ?? event.id });
    const reject = (code: number | null, reason: string) =>
      out.push(envelope('OrderRejected', { requestId: request.requestId, symbol: request.symbol, code, reason }, meta(`OrderRejected:${request.requestId}`)));

    if (request.intent === 'CLOSE' && !open.has(request.symbol)) {
      // Already closed (an exchange-side stop fired first, or a redelivery after the close fact).
      reject(POSITION_ALREADY_CLOSED, 'no open position: closed already');
      return out;
    }
    let orderId: string;
    try {
      ({ orderId } = await port.placeMarketOrder({
        symbol: request.symbol,
        side: request.side === 'SELL' ? 'Sell' : 'Buy',
        qty: request.qty,
        reduceOnly: request.reduceOnly,
        orderLinkId: request.requestId,
        ...(request.takeProfit === undefined ? {} : { takeProfit: request.takeProfit }),
        ...(request.stopLoss === undefined ? {} : { stopLoss: request.stopLoss }),
      }));
    } catch (error) {
      if (!isOrderRefusedError(error)) throw error; // transient: the bus redelivers, the link id keeps it single
      reject(error.code, error.message);
      return out;
    }
    const acceptance = envelope('OrderAccepted', { requestId: request.requestId, orderId, orderLinkId: request.requestId, symbol: request.symbol }, meta(`OrderAccepted:${request.requestId}`));
    if (accepted) await accepted([acceptance]);
    else out.push(acceptance);

    const pushed = await port.pushedOutcome?.(request.requestId, pushWaitMs);
    const order = pushed?.order ?? (await awaitFinal(request.symbol, request.requestId));
    const fills = pushed?.fills ?? (order.filledQty > 0 ? await port.fetchFills(request.symbol, request.requestId) : []);
    if (fills.length === 0) {
      reject(null, `order ${order.status}: ${order.rejectReason ?? 'no fill'}`);
      return out;
    }
    let qty = 0;
    let value = 0;
    let fee = 0;
    for (const fill of fills) {
      out.push(envelope('OrderFilled', { requestId: request.requestId, orderId, symbol: request.symbol, side: request.side, qty: fill.qty, price: fill.price, fee: fill.fee, execId: fill.execId }, meta(`OrderFilled:${fill.execId}`)));
      qty += fill.qty;
      value += fill.price * fill.qty;
      fee += fill.fee;
    }
    // One fill (the usual market order) reports its own price exactly; several, their average.
    const price = fills.length === 1 ? fills[0]!.price : value / qty;
    if (fills.length === 1) qty = fills[0]!.qty;

    if (request.intent === 'OPEN') {
      // The levels follow the real entry price; at the model price they are the rules' own numbers.
      const sameAsModel = price === request.modelPrice;
      const takeProfit = sameAsModel ? request.takeProfit! : price * (request.takeProfit! / request.modelPrice);
      const stopLoss = sameAsModel ? request.stopLoss! : price * (request.stopLoss! / request.modelPrice);
      const position: OpenPosition = { symbol: request.symbol, entryT: request.T, entryPrice: price, qty, entryFee: fee, takeProfit, stopLoss };
      open.set(request.symbol, position);
      out.push(
        envelope(
          'PositionOpened',
          { symbol: request.symbol, T: request.T, crossT: request.crossT ?? request.T, entryPrice: price, qty, entryFee: fee, takeProfit, stopLoss, sizeFactor: request.sizeFactor ?? 1 },
          meta(decisionId('PositionOpened', request.symbol, request.T)),
        ),
      );
    } else {
      const position = open.get(request.symbol)!;
      open.delete(request.symbol);
      out.push(closedFact(position, request.T, request.reason === 'ENTRY' ? 'FLATTEN' : request.reason, price, fee, event.id, event.correlationId ?? event.id));
    }
    return out;
  };

  return {
    handleOrderRequest,
    handleProtectionFill(fill) {
      const position = open.get(fill.symbol);
      if (!position) return [];
      open.delete(fill.symbol);
      // Attributed to the candle during which it fired: that candle's close is its decision time.
      const T = Math.floor(fill.ts / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
      const cause = `Fill:${fill.execId}`;
      return [closedFact(position, T, fill.kind, fill.price, fill.fee, cause, decisionId('EntrySignalled', position.symbol, position.entryT))];
    },
    replay(event) {
      if (event.type === 'OrderFilled' || event.type === 'OrderRejected') answered.add(event.data.requestId);
      if (event.type === 'PositionOpened') {
        const d = event.data;
        open.set(d.symbol, { symbol: d.symbol, entryT: d.T, entryPrice: d.entryPrice, qty: d.qty, entryFee: d.entryFee, takeProfit: d.takeProfit, stopLoss: d.stopLoss });
      } else if (event.type === 'PositionClosed') {
        const current = open.get(event.data.symbol);
        if (current && current.entryT === event.data.entryT) open.delete(event.data.symbol);
      }
    },
    positions: () => open,
  };
}
