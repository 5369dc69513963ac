import { startBybitAdapter } from '../src/bybit-adapter';
import type { BybitAdapter } from '../src/bybit-adapter';
import type { ExecutionUpdate, OrderUpdate, PositionUpdate } from '../src/ws/frames';
import type { PrivateStream } from '../src/ws/private-stream';
import { FAST, START_BALANCE, TRADER, WS_FAST, eventually, memoryLogger, startSim } from './sim-fixture';
import type { SimHarness } from './sim-fixture';

const TAKER_FEE = 0.00055; // BYBIT_V5.md §8, the simulator's default

describe('a short trade against the simulator: open, protect, close', () => {
  let h: SimHarness;
  let adapter: BybitAdapter;
  let stream: PrivateStream;
  const orders: OrderUpdate[] = [];
  const executions: ExecutionUpdate[] = [];
  const positions: PositionUpdate[] = [];

  beforeAll(async () => {
    h = await startSim();
    await h.sim.step();
    const { logger } = memoryLogger();
    adapter = await startBybitAdapter(h.config(), { logger, requireTrading: true, ...FAST });
    stream = adapter.privateStream({ ...WS_FAST });
    stream.on('order', (o) => orders.push(o));
    stream.on('execution', (e) => executions.push(e));
    stream.on('position', (p) => positions.push(p));
    const up = new Promise<void>((resolve) => stream.on('up', () => resolve()));
    stream.start();
    await up;
  });
  afterAll(async () => {
    await stream.close();
    await h.sim.close();
  });

  it('opens a short with TP/SL, moves the stops, closes, and the fees and P&L match the wallet', async () => {
    const { rest } = adapter;
    await rest.setLeverage('BTCUSDT', 5);
    const entryPrice = h.sim.currentPrice('BTCUSDT');
    const qty = 0.01;
    const takeProfit = Math.round(entryPrice * 0.9 * 10) / 10;
    const stopLoss = Math.round(entryPrice * 1.1 * 10) / 10;

    const opened = await rest.placeMarketOrder({ symbol: 'BTCUSDT', side: 'Sell', qty, reduceOnly: false, orderLinkId: 'mast-open-1', takeProfit, stopLoss });
    expect(opened).toMatchObject({ orderLinkId: 'mast-open-1', resolvedBy: 'create' });
    const openOrder = await rest.fetchOrderByLinkId('BTCUSDT', 'mast-open-1');
    expect(openOrder).toMatchObject({ orderId: opened.orderId, status: 'Filled', side: 'Sell', qty, filledQty: qty, avgPrice: entryPrice, takeProfit, stopLoss });

    const [short] = await rest.fetchPositions('BTCUSDT');
    expect(short).toMatchObject({ symbol: 'BTCUSDT', side: 'Sell', size: qty, avgPrice: entryPrice, leverage: 5, takeProfit, stopLoss });
    expect(await rest.fetchPositions()).toHaveLength(1);

    // Tighter stops through POST /v5/position/trading-stop; the same levels again change nothing.
    const newTp = Math.round(entryPrice * 0.95 * 10) / 10;
    const newSl = Math.round(entryPrice * 1.05 * 10) / 10;
    expect(await rest.setTradingStop('BTCUSDT', { takeProfit: newTp, stopLoss: newSl })).toEqual({ changed: true });
    expect(await rest.setTradingStop('BTCUSDT', { takeProfit: newTp, stopLoss: newSl })).toEqual({ changed: false });
    expect(h.sim.positions(TRADER.apiKey)[0]).toMatchObject({ takeProfit: newTp, stopLoss: newSl });

    await h.sim.step();
    await h.sim.step();
    const exitPrice = h.sim.currentPrice('BTCUSDT');
    expect(exitPrice).not.toBe(entryPrice);
    const closed = await rest.placeMarketOrder({ symbol: 'BTCUSDT', side: 'Buy', qty, reduceOnly: true, orderLinkId: 'mast-close-1' });
    expect(closed.resolvedBy).toBe('create');
    expect(await rest.fetchPositions()).toHaveLength(0);

    const fills = await rest.fetchExecutions({ symbol: 'BTCUSDT' });
    const byLink = new Map(fills.map((f) => [f.orderLinkId, f]));
    const entryFill = byLink.get('mast-open-1');
    const exitFill = byLink.get('mast-close-1');
    expect(fills).toHaveLength(2);
    expect(entryFill).toMatchObject({ side: 'Sell', price: entryPrice, qty, execType: 'Trade' });
    expect(exitFill).toMatchObject({ side: 'Buy', price: exitPrice, qty, closedSize: qty });
    expect(entryFill?.fee).toBeCloseTo(qty * entryPrice * TAKER_FEE, 8);
    expect(exitFill?.fee).toBeCloseTo(qty * exitPrice * TAKER_FEE, 8);

    // Short P&L: (entry − exit) · qty, minus both taker fees.
    const expectedNet = (entryPrice - exitPrice) * qty - qty * entryPrice * TAKER_FEE - qty * exitPrice * TAKER_FEE;
    const balance = await rest.fetchBalance();
    expect(balance.usdt.walletBalance).toBeCloseTo(START_BALANCE + expectedNet, 6);
    expect(balance.usdt.walletBalance).toBeCloseTo(h.sim.wallet(TRADER.apiKey).walletBalance, 6);
    expect(balance.usdt.cumRealisedPnl).toBeCloseTo(expectedNet, 6);

    // The private stream saw the same story, each fill once.
    await eventually('private pushes for both orders', () => executions.length >= 2 && orders.some((o) => o.orderLinkId === 'mast-close-1'));
    expect(executions.map((e) => e.orderLinkId).sort()).toEqual(['mast-close-1', 'mast-open-1']);
    expect(orders.filter((o) => o.orderStatus === 'Filled').map((o) => o.orderLinkId).sort()).toEqual(['mast-close-1', 'mast-open-1']);
    expect(positions.at(-1)).toMatchObject({ symbol: 'BTCUSDT', size: 0 });
  });

  it('a reduce-only order with no position is an InvalidOrderError (110017)', async () => {
    await expect(
      adapter.rest.placeMarketOrder({ symbol: 'BTCUSDT', side: 'Buy', qty: 0.01, reduceOnly: true, orderLinkId: 'mast-close-none' }),
    ).rejects.toMatchObject({ name: 'InvalidOrderError', retCode: 110017 });
  });

  it('a quantity below the qty step is refused before anything is sent', async () => {
    const before = h.sim.orders(TRADER.apiKey).length;
    const refusal = adapter.rest.placeMarketOrder({ symbol: 'BTCUSDT', side: 'Sell', qty: 0.0004, reduceOnly: false, orderLinkId: 'mast-tiny' });
    await expect(refusal).rejects.toMatchObject({ name: 'InvalidOrderError', retCode: undefined });
    expect(h.sim.orders(TRADER.apiKey)).toHaveLength(before);
  });
});
