import { z } from 'zod';
import { loadBybitConfig, startBybitAdapter, type ClosedCandle } from '@mast/bybit';
import { candleEventId, contentEventId, streamName, subjects, type MastEvent } from '@mast/contracts';
import { createCandleSequencer, envelope } from '@mast/pipeline';
import { baseConfigShape, publishOrDie, runMain, startService } from '@mast/runtime';

const schema = z.strictObject({
  ...baseConfigShape,
  /** How long a minute waits for a symbol's confirmation before it goes out without it. */
  sequenceDeadlineMs: z.number().int().min(100).default(10_000),
  /**
   * After a (re)connect, how long the catch-up waits for the first kline push (which tells what
   * has closed) before trusting the exchange's clock. Bybit pushes every 1-60 s; a simulator in
   * lockstep pushes nothing until the pipeline caught up, so the paper runner shortens it.
   */
  firstPushTimeoutMs: z.number().int().min(100).default(65_000),
});

/**
 * The exchange's closed 1-minute candles onto the log as CandleClosed, each once, in the rules'
 * order (by minute, then symbol). Resumes after the last candle on the log: the adapter backfills
 * by REST whatever closed while this service was away.
 */
async function main(): Promise<void> {
  const service = await startService({ name: 'market-data', schema });
  const { config, bus, publisher, logger, metrics, shutdown } = service;
  const bybitConfig = loadBybitConfig(process.env);
  const adapter = await startBybitAdapter(bybitConfig, { logger, requireTrading: false });
  const symbols = bybitConfig.symbols;
  const subject = subjects(config.ns);
  const stream = streamName(config.ns, 'md');

  const resumeAfter: Record<string, number> = {};
  for (const symbol of symbols) {
    try {
      const last = await bus.jsm.streams.getMessage(stream, { last_by_subj: subject.candle(symbol) });
      if (last) resumeAfter[symbol] = (last.json() as { data: { ts: number } }).data.ts;
    } catch {
      // No candle of this symbol on the log yet: start with the first one the exchange confirms.
    }
  }
  logger.info({ resumeAfter }, 'resuming the candle stream');

  const lastCandleAge = metrics.gauge({ name: 'mast_last_candle_close_timestamp_seconds', help: 'Close time of the last candle published, per symbol', labelNames: ['symbol'] });
  // The same fact as an age, computed at scrape time, for dashboards (alerts use time() - the timestamp).
  const lastCloseMs = new Map<string, number>();
  metrics.gauge({
    name: 'mast_last_candle_age_seconds',
    help: 'Seconds since the close of the last candle published, per symbol',
    labelNames: ['symbol'],
    collect() {
      for (const [symbol, closeMs] of lastCloseMs) this.set({ symbol }, Math.max(0, (Date.now() - closeMs) / 1000));
    },
  });
  const lateCandles = metrics.counter({ name: 'mast_late_candles_total', help: 'Candles that arrived after their minute was published without them', labelNames: ['symbol'] });
  const sequencer = createCandleSequencer<ClosedCandle>(symbols, { deadlineMs: config.sequenceDeadlineMs });

  // Publishes go out one batch after another so the log keeps the sequencer's order. A candle
  // that cannot be published (after the publisher's retries) stops the process: on restart it
  // resumes after the last candle on the log and backfills the rest from the exchange.
  let queue: Promise<unknown> = Promise.resolve();
  const publishInOrder = (events: MastEvent[]) => {
    if (events.length === 0) return;
    queue = queue.then(() => publishOrDie(logger, () => publisher.publishMany(events))).catch(() => undefined);
  };
  const toEvents = (candles: ClosedCandle[]) =>
    candles.map((c) => {
      lastCandleAge.set({ symbol: c.symbol }, (c.ts + 60_000) / 1000);
      lastCloseMs.set(c.symbol, c.ts + 60_000);
      return envelope('CandleClosed', { symbol: c.symbol, ts: c.ts, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume }, { id: candleEventId(c.symbol, c.ts), ts: c.ts + 60_000, source: 'market-data', causationId: null, correlationId: null });
    });
  const feed = (type: 'FeedConnected' | 'FeedDisconnected', reason: string) => {
    const ts = Date.now();
    publishInOrder([envelope(type, { reason }, { id: contentEventId(type, ts, { reason }), ts, source: 'market-data', causationId: null, correlationId: null })]);
  };

  const stream$ = adapter.publicStream({ resumeAfter, firstPushTimeoutMs: config.firstPushTimeoutMs });
  stream$.on('candle', (candle) => {
    const { ready, late } = sequencer.push(candle, Date.now());
    if (late) {
      lateCandles.inc({ symbol: late.symbol });
      logger.warn({ symbol: late.symbol, ts: late.ts }, 'candle arrived after its minute was published; not published out of order');
    }
    publishInOrder(toEvents(ready));
  });
  stream$.on('gap', (gap) => {
    const data = { symbol: gap.symbol, fromTs: gap.fromTs, toTs: gap.toTs, missing: (gap.toTs - gap.fromTs) / 60_000 + 1 };
    publishInOrder([envelope('CandleGapDetected', data, { id: contentEventId('CandleGapDetected', gap.toTs + 60_000, data), ts: gap.toTs + 60_000, source: 'market-data', causationId: null, correlationId: null })]);
  });
  stream$.on('up', ({ reconnect }) => feed('FeedConnected', reconnect ? 'reconnected' : 'connected'));
  stream$.on('down', ({ reason }) => feed('FeedDisconnected', reason));
  const flush = setInterval(() => publishInOrder(toEvents(sequencer.flush(Date.now()))), 1000);
  stream$.start();
  shutdown.add('public stream', async () => {
    clearInterval(flush);
    await stream$.close();
    publishInOrder(toEvents(sequencer.flush(Number.MAX_SAFE_INTEGER)));
    await queue;
  });
}

runMain('market-data', main);
