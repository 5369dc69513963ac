import { makeEvent, streamForEvent } from '@mast/contracts';
import type { Pool } from 'pg';
import { migrate } from '../src/migrate';
import { InvalidProjectionItemError } from '../src/projection/projection-item';
import { createProjector } from '../src/projector';
import type { Projector } from '../src/projector';
import { readModel } from '../src/queries/read-model';
import { PORTFOLIO_KEY } from '../src/schema/daily-performance';
import { schemaNameFor } from '../src/schema-names';
import { DAY_D, DAY_D1, handLog } from './hand-log';
import { forNamespace, onTheirStreams } from './log-items';
import { cleanUp, dumpSchema, expectSameDump, testNamespace, testPool } from './services';

const pool: Pool = testPool();
const namespaces: string[] = [];

async function freshProjector(): Promise<Projector> {
  const ns = testNamespace();
  namespaces.push(ns);
  await migrate(pool, ns);
  return createProjector({ pool, ns });
}

const dump = (projector: Projector) => dumpSchema(pool, projector.schemaName);

afterAll(async () => {
  await cleanUp(pool, namespaces);
  await pool.end();
});

describe('applyBatch on a hand-made log', () => {
  const log = handLog();
  let projector: Projector;

  beforeAll(async () => {
    projector = await freshProjector();
    const result = await projector.applyBatch(onTheirStreams(projector.ns, log.events));
    expect(result).toMatchObject({ received: log.events.length, skipped: 0, applied: log.events.length, duplicates: 0, offStream: 0, candles: 4, trades: 2 });
  });

  it('records each execution PositionClosed as a trade with STRATEGY.md fields', async () => {
    const page = await readModel(pool, projector.ns).trades({ order: 'asc' });
    const expected = [log.btcClose, log.ethClose].map((e) => ({
      eventId: e.id,
      symbol: e.data.symbol,
      entryTs: e.data.entryT,
      entryPrice: e.data.entryPrice,
      exitTs: e.data.T,
      exitPrice: e.data.exitPrice,
      qty: e.data.qty,
      reason: e.data.reason,
      fees: e.data.entryFee + e.data.exitFee,
      pnl: e.data.pnl,
    }));
    expect(page.items).toMatchObject(expected);
    expect(page.nextCursor).toBeNull();
  });

  it('sums trades per day and symbol, with a portfolio row that also keeps what risk reported', async () => {
    const rows = await readModel(pool, projector.ns).dailyPnl({ from: DAY_D, to: DAY_D1 });
    const { btcClose, ethClose, reducing, halfSize, mark1, mark2, lock, balance } = log;
    const trade = (e: typeof btcClose) => ({ trades: 1, wins: e.data.pnl > 0 ? 1 : 0, pnl: e.data.pnl, fees: e.data.entryFee + e.data.exitFee });
    expect(btcClose.data.pnl).toBeLessThan(0);
    expect(ethClose.data.pnl).toBeGreaterThan(0);
    expect(rows).toEqual([
      { day: DAY_D, symbol: PORTFOLIO_KEY, ...trade(btcClose), drawdownMax: Math.max(reducing.data.drawdown, halfSize.data.drawdown, mark1.data.drawdown), equityLast: mark1.data.equity, balanceLast: null, lossLocked: false },
      { day: DAY_D, symbol: 'BTCUSDT', ...trade(btcClose), drawdownMax: null, equityLast: null, balanceLast: null, lossLocked: false },
      { day: DAY_D1, symbol: PORTFOLIO_KEY, ...trade(ethClose), drawdownMax: mark2.data.drawdown, equityLast: mark2.data.equity, balanceLast: balance.data.balance, lossLocked: true },
      { day: DAY_D1, symbol: 'ETHUSDT', ...trade(ethClose), drawdownMax: null, equityLast: null, balanceLast: null, lossLocked: false },
    ]);
    expect(lock.data.day).toBe(Date.parse(`${DAY_D1}T00:00:00Z`) / 86_400_000);
  });

  it('keeps the trading state, positions, cooldowns, rejections and indicators the events left', async () => {
    const model = readModel(pool, projector.ns);
    const { btcClose, ethClose, reducing, halfSize, mark2, lock, balance, ethDaily, rejections, regime, cross } = log;
    expect(await model.portfolio()).toMatchObject({
      state: 'REDUCING',
      halted: false,
      stateT: reducing.data.T,
      blockedUntil: reducing.data.blockedUntil,
      sizeFactor: halfSize.data.sizeFactor,
      drawdown: mark2.data.drawdown,
      equity: mark2.data.equity,
      equityT: mark2.data.T,
      dailyLossLocked: true,
      dailyLossDay: lock.data.day,
      dayStartEquity: lock.data.dayStartEquity,
      balance: balance.data.balance,
      balanceEquity: balance.data.equity,
      trades: 2,
      wins: 1,
      realizedPnl: btcClose.data.pnl + ethClose.data.pnl,
      fees: btcClose.data.entryFee + btcClose.data.exitFee + (ethClose.data.entryFee + ethClose.data.exitFee),
      openPositions: 0,
    });
    expect(await model.positions()).toEqual([]);
    // BTC's cooldown ended; ETH's is the DAILY one.
    expect(await model.cooldowns()).toEqual([{ symbol: 'ETHUSDT', until: ethDaily.data.until, rule: 'DAILY', since: ethDaily.data.T }]);
    expect(await model.cooldowns({ activeAt: ethDaily.data.until })).toEqual([]);
    expect(await model.entryRejections({ from: DAY_D, to: DAY_D1 })).toEqual([
      { day: DAY_D, symbol: 'BTCUSDT', reason: 'COOLDOWN', count: 1 },
      { day: DAY_D, symbol: 'SOLUSDT', reason: 'REDUCING', count: rejections.filter((r) => r.data.symbol === 'SOLUSDT').length },
    ]);
    const regimes = await model.regimes();
    expect(regimes.find((r) => r.symbol === 'BTCUSDT')).toMatchObject({ regime: regime.data.to, regimeT: regime.data.T, rv: regime.data.indicators.rv });
    expect(regimes.find((r) => r.symbol === 'ETHUSDT')).toMatchObject({ lastCross: cross.data.direction, lastCrossT: cross.data.T, emaFast: cross.data.emaFast, regime: null });
    const assets = await model.assets();
    expect(assets.map((a) => [a.symbol, a.lastPrice, a.qtyStep])).toEqual([
      ['BTCUSDT', 95_500, 0.001],
      ['ETHUSDT', 1_700, 0.01],
    ]);
  });

  it('lists open positions marked at their symbol\'s last price', async () => {
    const p = await freshProjector();
    const { btcOpen, ethOpen } = log;
    // Up to the BTC candle after the entries: BTC is marked at 95,500, ETH at its entry candle's close.
    await p.applyBatch(onTheirStreams(p.ns, log.events.slice(0, 5)));
    const positions = await readModel(pool, p.ns).positions();
    expect(positions.map((x) => [x.symbol, x.entryPrice, x.qty, x.lastPrice, x.unrealizedPnl, x.eventId])).toEqual([
      ['BTCUSDT', btcOpen.data.entryPrice, btcOpen.data.qty, 95_500, (btcOpen.data.entryPrice - 95_500) * btcOpen.data.qty, btcOpen.id],
      ['ETHUSDT', ethOpen.data.entryPrice, ethOpen.data.qty, 1_800, (ethOpen.data.entryPrice - 1_800) * ethOpen.data.qty, ethOpen.id],
    ]);
    expect((await readModel(pool, p.ns).portfolio()).openPositions).toBe(2);
  });

  it('takes a cooldown rule only when it extends the cooldown', async () => {
    const p = await freshProjector();
    const { quickExit, lossStreak, hourly } = log;
    await p.applyBatch(onTheirStreams(p.ns, [quickExit, lossStreak, hourly]));
    expect(await readModel(pool, p.ns).cooldowns()).toEqual([{ symbol: 'BTCUSDT', until: lossStreak.data.until, rule: 'LOSS_STREAK', since: lossStreak.data.T }]);
    expect(hourly.data.until).toBe(lossStreak.data.until);
  });

  it('ends in the same rows whether the log comes in one batch, one event per batch, or streams interleaved otherwise', async () => {
    const whole = await dump(projector);
    const oneByOne = await freshProjector();
    for (const item of forNamespace(onTheirStreams(projector.ns, log.events), oneByOne.ns)) await oneByOne.applyBatch([item]);
    expectSameDump(await dump(oneByOne), whole);

    // Each stream's events in order, but the streams one after another instead of interleaved.
    const byStream = await freshProjector();
    const items = forNamespace(onTheirStreams(projector.ns, log.events), byStream.ns);
    const streams = [...new Set(items.map((i) => i.stream))].reverse();
    await byStream.applyBatch(streams.flatMap((stream) => items.filter((i) => i.stream === stream)));
    expectSameDump(await dump(byStream), whole);
  });
});

describe('applyBatch redelivery and failures', () => {
  const log = handLog();

  it('skips a batch delivered twice', async () => {
    const p = await freshProjector();
    const items = onTheirStreams(p.ns, log.events);
    await p.applyBatch(items);
    const before = await dump(p);
    const again = await p.applyBatch(items);
    expect(again).toMatchObject({ received: items.length, skipped: items.length, applied: 0, trades: 0, candles: 0 });
    expectSameDump(await dump(p), before);
  });

  it('gives the same rows for overlapping batches as for one batch', async () => {
    const once = await freshProjector();
    await once.applyBatch(onTheirStreams(once.ns, log.events));
    const overlapping = await freshProjector();
    const items = onTheirStreams(overlapping.ns, log.events);
    const first = await overlapping.applyBatch(items.slice(0, 15));
    const second = await overlapping.applyBatch(items.slice(8));
    expect(first.applied + second.applied).toBe(items.length);
    expect(second.skipped).toBe(7);
    expectSameDump(await dump(overlapping), await dump(once));
    expect(await readModel(pool, overlapping.ns).checkpoint(streamForEvent(overlapping.ns, 'PositionClosed'))).toBe(items.filter((i) => i.stream === streamForEvent(overlapping.ns, 'PositionClosed')).length);
  });

  it('applies a re-published event (same id, new sequence) once, and keeps it on the trail', async () => {
    const p = await freshProjector();
    const items = onTheirStreams(p.ns, [...log.events, log.btcClose, log.rejections[0]!]);
    const result = await p.applyBatch(items);
    expect(result).toMatchObject({ duplicates: 2, trades: 2 });
    const model = readModel(pool, p.ns);
    expect((await model.portfolio()).trades).toBe(2);
    expect((await model.entryRejections({ from: DAY_D, to: DAY_D })).find((r) => r.symbol === 'SOLUSDT')?.count).toBe(2);
    const trail = await model.trail(log.btcClose.id);
    expect(trail.filter((e) => e.eventId === log.btcClose.id)).toHaveLength(2);

    // The same again in a later batch: found on the trail this time.
    const later = await p.applyBatch([{ event: log.btcClose, stream: streamForEvent(p.ns, 'PositionClosed'), seq: 100 }]);
    expect(later).toMatchObject({ applied: 1, duplicates: 1, trades: 0 });
    expect((await model.portfolio()).trades).toBe(2);
  });

  it('takes state only from the stream an event type is published to', async () => {
    const p = await freshProjector();
    const wrongStream = streamForEvent(p.ns, 'OrderRequested');
    const result = await p.applyBatch([{ event: log.btcOpen, stream: wrongStream, seq: 1 }]);
    expect(result).toMatchObject({ applied: 1, offStream: 1 });
    expect(await readModel(pool, p.ns).positions()).toEqual([]);
    expect(await readModel(pool, p.ns).trail(log.btcOpen.id)).toHaveLength(1);
  });

  it('commits nothing, checkpoint included, when the batch fails after its writes', async () => {
    const p = await freshProjector();
    const items = onTheirStreams(p.ns, log.events);
    await p.applyBatch(items.slice(0, 6));
    const before = await dump(p);
    const schema = `"${schemaNameFor(p.ns)}"`;
    // The checkpoints are written last: a failure there comes after every other write of the batch.
    await pool.query(`CREATE FUNCTION ${schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'checkpoint refused'; END $$`);
    await pool.query(`CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON ${schema}.checkpoints FOR EACH ROW EXECUTE FUNCTION ${schema}.refuse()`);
    await expect(p.applyBatch(items.slice(6))).rejects.toThrow('checkpoint refused');
    expectSameDump(await dump(p), before);

    await pool.query(`DROP TRIGGER refuse ON ${schema}.checkpoints`);
    const retried = await p.applyBatch(items.slice(6));
    expect(retried.applied).toBe(items.length - 6);
    const once = await freshProjector();
    await once.applyBatch(forNamespace(items, once.ns));
    expectSameDump(await dump(p), await dump(once));
  });

  it('refuses a batch with a bad sequence before touching anything', async () => {
    const p = await freshProjector();
    const event = makeEvent('FeedConnected', { ts: 60_000, source: 'market-data', data: { reason: 'start' } });
    await expect(p.applyBatch([{ event, stream: streamForEvent(p.ns, 'FeedConnected'), seq: 0 }])).rejects.toThrow(InvalidProjectionItemError);
    expect((await dump(p))['event_trail']).toEqual([]);
  });
});
