import type { ExecutionUpdate, OrderUpdate } from '@mast/bybit';
import { trackPushedOrders } from './pushed-orders';

const order = (linkId: string, status: string, cumExecQty: number): OrderUpdate => ({
  symbol: 'BTCUSDT',
  orderId: `o-${linkId}`,
  orderLinkId: linkId,
  side: 'Sell',
  orderType: 'Market',
  orderStatus: status,
  qty: 0.002,
  cumExecQty,
  avgPrice: cumExecQty > 0 ? 95_000 : undefined,
  cumExecFee: undefined,
  closedPnl: undefined,
  takeProfit: undefined,
  stopLoss: undefined,
  createdTime: 1,
  updatedTime: 2,
});

const fill = (linkId: string, execId: string, qty: number, execType = 'Trade'): ExecutionUpdate => ({
  symbol: 'BTCUSDT',
  orderId: `o-${linkId}`,
  orderLinkId: linkId,
  side: 'Sell',
  execId,
  execType,
  execPrice: 95_000,
  execQty: qty,
  execValue: undefined,
  execFee: qty * 95_000 * 0.00055,
  feeRate: undefined,
  closedSize: undefined,
  execPnl: undefined,
  execTime: 3,
});

describe('pushed order outcomes', () => {
  it('answers at once when every push came before the question', async () => {
    const pushed = trackPushedOrders();
    pushed.setConnected(true);
    pushed.onExecution(fill('a', 'e1', 0.002));
    pushed.onOrder(order('a', 'Filled', 0.002));
    const outcome = await pushed.outcome('a', 1_000);
    expect(outcome).toEqual({
      order: { orderId: 'o-a', status: 'Filled', filledQty: 0.002, avgPrice: 95_000, rejectReason: undefined },
      fills: [{ execId: 'e1', orderId: 'o-a', price: 95_000, qty: 0.002, fee: 0.002 * 95_000 * 0.00055, ts: 3 }],
    });
  });

  it('waits for the fills that complete the executed quantity, whatever the order of the pushes', async () => {
    const pushed = trackPushedOrders();
    pushed.setConnected(true);
    const answer = pushed.outcome('b', 1_000);
    pushed.onOrder(order('b', 'Filled', 0.002));
    pushed.onExecution(fill('b', 'e1', 0.001));
    pushed.onOrder(order('b', 'PartiallyFilled', 0.001)); // a late, older push: the final status stays
    pushed.onExecution(fill('b', 'e1', 0.001)); // a repeat of the same fill counts once
    pushed.onExecution(fill('b', 'f1', 0, 'Funding'));
    let settled = false;
    void answer.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    pushed.onExecution(fill('b', 'e2', 0.001));
    const outcome = await answer;
    expect(outcome?.order.status).toBe('Filled');
    expect(outcome?.fills.map((f) => f.execId)).toEqual(['e1', 'e2']);
  });

  it('gives up after the wait, and at once while the stream is down', async () => {
    const pushed = trackPushedOrders();
    pushed.setConnected(true);
    pushed.onOrder(order('c', 'New', 0));
    expect(await pushed.outcome('c', 5)).toBeUndefined();
    pushed.setConnected(false);
    const started = performance.now();
    expect(await pushed.outcome('d', 10_000)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('forgets old outcomes nobody asked for', async () => {
    let clock = 0;
    const pushed = trackPushedOrders({ keepMs: 100, now: () => clock });
    pushed.setConnected(false);
    pushed.onOrder(order('old', 'Filled', 0.002));
    pushed.onExecution(fill('old', 'e1', 0.002));
    clock = 500;
    pushed.onOrder(order('new', 'Filled', 0.002)); // tracking a new order drops the stale one
    pushed.onExecution(fill('new', 'e2', 0.002));
    expect(await pushed.outcome('old', 5)).toBeUndefined();
    expect((await pushed.outcome('new', 5))?.order.orderId).toBe('o-new');
  });
});
