import { parseEvent, type EventOf, type MastEvent } from '@mast/contracts';
import { envelope } from './envelope';
import { createExecutionHandler } from './execution-handler';
import { OrderRefusedError, type ExchangeFill, type ExchangeOrderState, type ExecutionPort, type PushedOutcome } from './execution-port';

/**
 * The execution handler against an in-memory exchange port: what it publishes must not depend on
 * whether the order's outcome came from the exchange's pushes or from the REST lookups.
 */
const T = 1_746_000_060_000;

function request(intent: 'OPEN' | 'CLOSE', requestId: string): EventOf<'OrderRequested'> {
  const open = intent === 'OPEN';
  return envelope(
    'OrderRequested',
    {
      requestId,
      symbol: 'BTCUSDT',
      T: open ? T : T + 180_000,
      side: open ? 'SELL' : 'BUY',
      intent,
      qty: 0.002,
      modelPrice: 95_000,
      reason: open ? 'ENTRY' : 'TIME_LIMIT',
      ...(open ? { takeProfit: 89_300, stopLoss: 96_425, crossT: T, sizeFactor: 1 } : { entryT: T }),
      reduceOnly: !open,
    },
    { id: `OrderRequested:${requestId}`, ts: T, source: 'test', causationId: null, correlationId: null },
  );
}

/** One fill per order at `price`, or the two halves of it when `split`. */
function exchange(options: { readonly price: number; readonly split?: boolean; readonly pushes?: 'complete' | 'none' }) {
  const calls: string[] = [];
  const orders = new Map<string, { order: ExchangeOrderState; fills: ExchangeFill[] }>();
  const port: ExecutionPort = {
    placeMarketOrder: async (r) => {
      calls.push('place');
      const orderId = `o-${r.orderLinkId}`;
      const fee = (qty: number) => qty * options.price * 0.00055;
      const fills: ExchangeFill[] = options.split
        ? [0, 1].map((k) => ({ execId: `${orderId}-${k}`, orderId, price: options.price + k, qty: r.qty / 2, fee: fee(r.qty / 2), ts: T + k }))
        : [{ execId: `${orderId}-0`, orderId, price: options.price, qty: r.qty, fee: fee(r.qty), ts: T }];
      const filledQty = fills.reduce((sum, f) => sum + f.qty, 0);
      orders.set(r.orderLinkId, { order: { orderId, status: 'Filled', filledQty, avgPrice: options.price, rejectReason: undefined }, fills });
      return { orderId };
    },
    fetchOrderByLinkId: async (_symbol, linkId) => {
      calls.push('fetchOrder');
      return orders.get(linkId)?.order;
    },
    fetchFills: async (_symbol, linkId) => {
      calls.push('fetchFills');
      return orders.get(linkId)?.fills ?? [];
    },
  };
  if (options.pushes !== undefined) {
    port.pushedOutcome = async (linkId): Promise<PushedOutcome | undefined> => {
      calls.push('pushed');
      return options.pushes === 'complete' ? orders.get(linkId) : undefined;
    };
  }
  return { port, calls };
}

async function trade(port: ExecutionPort): Promise<MastEvent[]> {
  const handler = createExecutionHandler({ port, sleep: async () => undefined, pushWaitMs: 5 });
  const accepted: MastEvent[] = [];
  const opened = await handler.handleOrderRequest(request('OPEN', 'r-open'), async (events) => {
    accepted.push(...events);
  });
  const closed = await handler.handleOrderRequest(request('CLOSE', 'r-close'));
  return [...accepted, ...opened, ...closed];
}

describe('execution handler', () => {
  it.each([
    ['one fill', false],
    ['two fills', true],
  ])('publishes the same facts from pushes as from REST lookups (%s)', async (_name, split) => {
    const rest = exchange({ price: 95_010, split });
    const pushed = exchange({ price: 95_010, split, pushes: 'complete' });
    const fromRest = await trade(rest.port);
    const fromPushes = await trade(pushed.port);

    expect(fromPushes).toEqual(fromRest);
    expect(fromRest.map((e) => e.type)).toEqual([
      'OrderAccepted',
      ...(split ? ['OrderFilled', 'OrderFilled'] : ['OrderFilled']),
      'PositionOpened',
      'OrderAccepted',
      ...(split ? ['OrderFilled', 'OrderFilled'] : ['OrderFilled']),
      'PositionClosed',
    ]);
    for (const event of fromRest) expect(() => parseEvent(event)).not.toThrow();
    // The pushes answered both orders: no lookup went over REST.
    expect(rest.calls).toEqual(['place', 'fetchOrder', 'fetchFills', 'place', 'fetchOrder', 'fetchFills']);
    expect(pushed.calls).toEqual(['place', 'pushed', 'place', 'pushed']);
  });

  it('asks over REST when the pushes do not come in time', async () => {
    const late = exchange({ price: 95_010, pushes: 'none' });
    const facts = await trade(late.port);
    expect(facts).toEqual(await trade(exchange({ price: 95_010 }).port));
    expect(late.calls).toEqual(['place', 'pushed', 'fetchOrder', 'fetchFills', 'place', 'pushed', 'fetchOrder', 'fetchFills']);
  });

  it('books the position at the filled price, with the levels moved by the slippage', async () => {
    const facts = await trade(exchange({ price: 94_905, pushes: 'complete' }).port);
    const opened = facts.find((e): e is EventOf<'PositionOpened'> => e.type === 'PositionOpened')!;
    expect(opened.data.entryPrice).toBe(94_905);
    expect(opened.data.takeProfit).toBeCloseTo(94_905 * (89_300 / 95_000), 6);
    expect(opened.data.stopLoss).toBeCloseTo(94_905 * (96_425 / 95_000), 6);
    const closed = facts.find((e): e is EventOf<'PositionClosed'> => e.type === 'PositionClosed')!;
    expect(closed.data.pnl).toBeCloseTo(-closed.data.entryFee - closed.data.exitFee, 9);
  });

  it('publishes a refusal as OrderRejected and looks nothing up', async () => {
    const { port, calls } = exchange({ price: 95_010, pushes: 'complete' });
    port.placeMarketOrder = async () => {
      calls.push('place');
      throw new OrderRefusedError('ab not enough for new order', 110007);
    };
    const handler = createExecutionHandler({ port, pushWaitMs: 5 });
    const facts = await handler.handleOrderRequest(request('OPEN', 'r-open'));
    expect(facts.map((e) => [e.type, e.type === 'OrderRejected' ? e.data.code : null])).toEqual([['OrderRejected', 110007]]);
    expect(calls).toEqual(['place']);
  });
});
