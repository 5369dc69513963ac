import { z } from 'zod';
import { consumeDurable, type MessageMeta } from '@mast/bus';
import { consumerDefinitions, type ConsumerDefinition, type MastEvent } from '@mast/contracts';
import { createRiskHandler } from '@mast/pipeline';
import { ackFloor, baseConfigShape, publishOrDie, resolveStrategyOrExit, runMain, startService, strategyOverrideSchema } from '@mast/runtime';
import { rebuildRisk } from './rebuild-risk';

const schema = z.strictObject({ ...baseConfigShape, strategy: strategyOverrideSchema });

/**
 * Assessed candles, fills and operator commands in; order requests, risk decisions and a
 * PortfolioMarked per candle out. State is rebuilt from the log at start (rebuild-risk.ts).
 */
async function main(): Promise<void> {
  const service = await startService({ name: 'risk', schema });
  const { config, bus, publisher, logger, metrics } = service;
  const handler = createRiskHandler(resolveStrategyOrExit(config.strategy));
  const [assessed, exec, ctl] = consumerDefinitions(config.ns, 'risk');
  const floors = {
    assessed: await ackFloor(bus, assessed!.stream, assessed!.config.durable_name),
    exec: await ackFloor(bus, exec!.stream, exec!.config.durable_name),
    ctl: await ackFloor(bus, ctl!.stream, ctl!.config.durable_name),
  };
  const candles = await rebuildRisk(bus, config.ns, handler, floors);
  logger.info({ candles, floors, balance: handler.portfolio.balance, open: handler.portfolio.openCount }, 'risk state rebuilt from the log');

  const drawdown = metrics.gauge({ name: 'mast_drawdown_ratio', help: 'Drawdown of marked equity from its peak' });
  const exposure = metrics.gauge({ name: 'mast_exposure_ratio', help: 'Open notional at entry prices over balance' });
  const state = metrics.gauge({ name: 'mast_trading_state', help: '1 for the current trading state', labelNames: ['state'] });
  const equity = metrics.gauge({ name: 'mast_equity_usdt', help: 'Marked equity as risk books it, in USDT' });
  const openPositions = metrics.gauge({ name: 'mast_open_positions', help: 'Open positions as risk books them' });
  const sizeFactor = metrics.gauge({ name: 'mast_size_factor_ratio', help: 'Size factor applied to new entries (1, or the reduce factor in drawdown)' });
  const stateSeries = (['ACTIVE', 'REDUCING', 'HALTED'] as const).map((s) => ({ s, gauge: state.labels({ state: s }) }));
  // Set when it changes only: observe() runs after every candle, and the state seldom changes.
  let stateShown: string | undefined;
  const observe = () => {
    const p = handler.portfolio;
    drawdown.set(Math.max(0, p.drawdown));
    let notional = 0;
    for (const position of p.positions) if (position) notional += position.entryPrice * position.qty;
    exposure.set(p.balance > 0 ? notional / p.balance : 0);
    openPositions.set(p.openCount);
    sizeFactor.set(p.sizeFactor);
    if (Number.isFinite(p.equity)) equity.set(p.equity);
    if (p.tradingState === stateShown) return;
    stateShown = p.tradingState;
    for (const { s, gauge } of stateSeries) gauge.set(p.tradingState === s ? 1 : 0);
  };
  observe();

  const publish = async (events: MastEvent[]) => {
    if (events.length > 0) await publishOrDie(logger, () => publisher.publishMany(events));
    observe();
  };
  const consume = async (definition: ConsumerDefinition, apply: (event: MastEvent, meta: MessageMeta) => MastEvent[], appliedUpTo: () => number) => {
    const { stream } = definition;
    const consumer = definition.config.durable_name;
    const durable = await consumeDurable(bus, {
      ns: config.ns,
      stream,
      consumer,
      source: 'risk',
      logger,
      // Called in stream order; the book changes synchronously in each call, and only the publish
      // acknowledgements overlap.
      concurrency: 64,
      // Applied already (during the rebuild or before a redelivery): its effects are on the log.
      handler: (event, meta) => (meta.streamSeq <= appliedUpTo() ? undefined : publish(apply(event, meta))),
      observer: metrics.busObserver({ stream, consumer, pending: () => durable.pending() }),
    });
  };
  await consume(exec!, (event, meta) => handler.handleExecution(event, meta.streamSeq), () => handler.applied.exec);
  await consume(ctl!, (event, meta) => handler.handleControl(event, meta.streamSeq), () => handler.applied.ctl);
  await consume(assessed!, (event, meta) => (event.type === 'CandleAssessed' ? handler.handleAssessed(event, meta.streamSeq) : []), () => handler.applied.assessed);
}

runMain('risk', main);
