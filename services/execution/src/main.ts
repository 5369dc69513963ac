import { hostname } from 'node:os';
import { z } from 'zod';
import { acquireLease, consumeDurable, openLeaseBucket } from '@mast/bus';
import { loadBybitConfig, startBybitAdapter } from '@mast/bybit';
import { consumerDefinitions, ORDER_INTENTS, RECONCILIATION_DRIFT_KINDS, streamName, type MastEvent } from '@mast/contracts';
import { createExecutionHandler } from '@mast/pipeline';
import { baseConfigShape, replayStream, runMain, startService, watchSecretFiles } from '@mast/runtime';
import { bybitExecutionPort, followingPort } from './bybit-port';
import { trackPushedOrders } from './pushed-orders';
import { reconcile } from './reconcile';


const ORDER_OUTCOMES = ['filled', 'rejected', 'repeat'] as const;
type OrderOutcome = (typeof ORDER_OUTCOMES)[number];
const schema = z.strictObject({
  ...baseConfigShape,
  /** Leverage set on every traded symbol at start (STRATEGY.md sizing.leverage). */
  leverage: z.number().int().min(1).max(100).default(10),
  /** One account, one active execution: the lease key. */
  account: z.string().regex(/^[a-z0-9-]{1,32}$/).default('main'),
  leaseTtlMs: z.number().int().min(1000).default(15_000),
  /** How often the mounted key files (BYBIT_API_KEY_FILE, BYBIT_API_SECRET_FILE) are checked for a rotation. */
  keyReloadIntervalMs: z.number().int().min(100).default(10_000),
});

/**
 * Order requests in, exchange orders and their facts out. Bybit credentials and endpoints come
 * from BYBIT_* variables (packages/bybit/README.md); a key that can withdraw is refused.
 */
async function main(): Promise<void> {
  const service = await startService({ name: 'execution', schema });
  const { config, bus, publisher, logger, metrics, shutdown } = service;
  // Registered before the lease is sought: a standby, or an instance still rebuilding, exposes
  // every series (at 0) as the active one does, so dashboards and rules never see a gap.
  const orders = metrics.counter({ name: 'mast_orders_total', help: 'Order requests handled, by intent and outcome', labelNames: ['intent', 'outcome'] });
  // Every series exists from the start at 0, so the rejection-ratio rule and the dashboards see a
  // quiet execution as "no rejections" rather than as no data.
  for (const intent of ORDER_INTENTS) for (const outcome of ORDER_OUTCOMES) orders.inc({ intent, outcome }, 0);
  const latency = metrics.histogram({ name: 'mast_order_latency_seconds', help: 'From order request to its final fact', labelNames: ['intent'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
  const driftFound = metrics.counter({ name: 'mast_reconciliation_drift_total', help: 'Differences between the log and the exchange found by reconciliation, by kind', labelNames: ['kind'] });
  // Every kind at 0 from the start, so increase() sees the first finding.
  for (const kind of RECONCILIATION_DRIFT_KINDS) driftFound.inc({ kind }, 0);
  const reconciliations = metrics.counter({ name: 'mast_reconciliations_total', help: 'Reconciliations with the exchange run (at start and after every reconnect)' });
  const bybitConfig = loadBybitConfig(process.env);
  // Replaced when the mounted exchange keys are rotated (see the key watch below).
  let adapter = await startBybitAdapter(bybitConfig, { logger, requireTrading: true });
  const symbols = bybitConfig.symbols;

  // Only one instance trades an account: the others wait here as standbys.
  const leases = await openLeaseBucket(bus, config.ns);
  const holder = `${hostname()}/${process.pid}`;
  for (;;) {
    try {
      const lease = await acquireLease(leases, `execution-${config.account}`, holder, config.leaseTtlMs, {
        onLost: (error) => {
          logger.error({ err: error }, 'execution lease lost: stopping so that only one instance trades');
          void shutdown.shutdown('lease lost');
        },
      });
      shutdown.add('lease', () => lease.release());
      break;
    } catch (error) {
      logger.info({ err: error }, 'another execution instance holds the lease; standing by');
      await new Promise((resolve) => setTimeout(resolve, config.leaseTtlMs / 3));
    }
  }
  for (const symbol of symbols) await adapter.rest.setLeverage(symbol, config.leverage);

  // Orders' outcomes from the private stream's pushes; the REST lookups only when they are late.
  const pushedOrders = trackPushedOrders();
  const handler = createExecutionHandler({ port: followingPort(() => bybitExecutionPort(adapter.rest, pushedOrders)) });
  const execStream = streamName(config.ns, 'exec');
  const info = await bus.jsm.streams.info(execStream);
  const replayed = await replayStream(bus, execStream, undefined, info.state.last_seq, ({ event }) => handler.replay(event));
  logger.info({ replayed, open: [...handler.positions().keys()] }, 'positions rebuilt from the execution stream');

  // Orders, exchange-side fills and reconciliation change the same positions: one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const publish = async (events: readonly MastEvent[]) => {
    if (events.length > 0) await publisher.publishMany(events);
  };

  /**
   * A take-profit or stop-loss that fired while this service was down (or its push was lost)
   * is still a fact on the exchange: found among the symbol's fills since the entry, it is
   * recorded now. What stays different afterwards is published as drift.
   */
  const catchUpOnFills = async (exchangePositions: Awaited<ReturnType<typeof adapter.rest.fetchPositions>>) => {
    for (const [symbol, position] of [...handler.positions()]) {
      if (exchangePositions.some((p) => p.symbol === symbol && p.size > 0)) continue;
      const fills = await adapter.rest.fetchExecutions({ symbol, startTime: position.entryT - 60_000 });
      const close = fills.find((f) => f.execType === 'Trade' && f.side === 'Buy' && f.orderLinkId === '' && f.ts >= position.entryT - 60_000);
      if (!close) continue;
      const kind = close.price <= position.takeProfit * (1 + 1e-9) ? 'TAKE_PROFIT' : 'STOP_LOSS';
      logger.warn({ symbol, execId: close.execId }, 'recording an exchange-side close that happened while we were not listening');
      await publish(handler.handleProtectionFill({ symbol, kind, execId: close.execId, orderId: close.orderId, price: close.price, qty: close.qty, fee: close.fee, ts: close.ts }));
    }
  };

  const reconcileNow = (why: string) =>
    serial(async () => {
      const exchangePositions = await adapter.rest.fetchPositions();
      await catchUpOnFills(exchangePositions);
      const drift = reconcile(handler.positions(), exchangePositions, symbols, Date.now());
      for (const finding of drift) driftFound.inc({ kind: finding.data.kind });
      reconciliations.inc();
      logger.info({ why, drift: drift.length }, 'reconciled with the exchange');
      await publish(drift);
    });
  await reconcileNow('start');

  const openPrivateStream = () => {
    const stream = adapter.privateStream();
    stream.on('order', (update) => pushedOrders.onOrder(update));
    stream.on('execution', (update) => pushedOrders.onExecution(update));
    // A replaced stream (keys rotated) goes down after its successor came up: only the current one counts.
    stream.on('down', () => {
      if (stream === privateStream) pushedOrders.setConnected(false);
    });
    stream.on('up', ({ reconnect }) => {
      pushedOrders.setConnected(true);
      if (reconnect) void reconcileNow('private stream reconnected').catch((err: unknown) => logger.error({ err }, 'reconciliation failed'));
    });
    stream.on('execution', (fill) => {
      // A fill with no orderLinkId of ours is the exchange's own: a take-profit or stop-loss that fired.
      if (fill.execType !== 'Trade' || fill.orderLinkId !== '') return;
      void serial(async () => {
        const position = handler.positions().get(fill.symbol);
        if (!position) return;
        const kind = fill.execPrice <= position.takeProfit * (1 + 1e-9) ? 'TAKE_PROFIT' : 'STOP_LOSS';
        await publish(handler.handleProtectionFill({ symbol: fill.symbol, kind, execId: fill.execId, orderId: fill.orderId, price: fill.execPrice, qty: fill.execQty, fee: fill.execFee, ts: fill.execTime }));
      }).catch((err: unknown) => logger.error({ err }, 'could not record an exchange-side fill'));
    });
    stream.start();
    return stream;
  };
  let privateStream = openPrivateStream();
  shutdown.add('private stream', () => privateStream.close());

  // Rotated keys (a new Secret version, swapped in place by the kubelet) are taken between two
  // orders: the exchange checks the new key first (a bad one leaves trading on the current key),
  // then the REST client and the private stream switch. No restart, no lease handover.
  const keyFiles = [process.env.BYBIT_API_KEY_FILE, process.env.BYBIT_API_SECRET_FILE].filter((path): path is string => !!path);
  if (keyFiles.length > 0) {
    const reloads = metrics.counter({ name: 'mast_exchange_key_reloads_total', help: 'Exchange keys reloaded from the mounted secret files, by outcome', labelNames: ['outcome'] });
    const keyWatch = watchSecretFiles({
      paths: keyFiles,
      intervalMs: config.keyReloadIntervalMs,
      apply: () =>
        serial(async () => {
          const next = await startBybitAdapter(loadBybitConfig(process.env), { logger, requireTrading: true });
          const previous = privateStream;
          adapter = next;
          privateStream = openPrivateStream();
          await previous.close();
          reloads.inc({ outcome: 'reloaded' });
          logger.info('exchange keys reloaded from the mounted secret files');
        }),
      onError: (err) => {
        reloads.inc({ outcome: 'refused' });
        logger.error({ err }, 'new exchange keys refused; trading continues with the current ones');
      },
    });
    shutdown.add('exchange key watch', () => keyWatch.stop());
  }

  const [definition] = consumerDefinitions(config.ns, 'execution');
  const stream = definition!.stream;
  const consumer = definition!.config.durable_name;
  const durable = await consumeDurable(bus, {
    ns: config.ns,
    stream,
    consumer,
    source: 'execution',
    logger,
    handler: (event) =>
      serial(async () => {
        if (event.type !== 'OrderRequested') return;
        const started = performance.now();
        const facts = await handler.handleOrderRequest(event, publish);
        await publish(facts);
        const outcome: OrderOutcome = facts.some((f) => f.type === 'OrderRejected') ? 'rejected' : facts.length === 0 ? 'repeat' : 'filled';
        orders.inc({ intent: event.data.intent, outcome });
        latency.observe({ intent: event.data.intent }, (performance.now() - started) / 1000);
      }),
    observer: metrics.busObserver({ stream, consumer, pending: () => durable.pending() }),
  });
}

runMain('execution', main);
