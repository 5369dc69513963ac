import type { Pool } from 'pg';
import { consumeDurable, type Bus, type DurableConsumer, type Publisher } from '@mast/bus';
import { consumerDefinitions, type MastEvent } from '@mast/contracts';
import type { Logger, Metrics } from '@mast/observability';
import { createOperatorControls, registerControlRoutes, startHttpServer, type HttpRoutes, type HttpServer } from '@mast/operator';
import { readModel } from '@mast/read-model';
import type { Alert } from './alert';
import { modeOf } from './alert-kinds';
import { systemClock, type Clock } from './clock';
import type { NotifierConfig } from './config';
import type { Destination } from './destination';
import { discordDestination } from './discord-destination';
import { startDispatcher, type Dispatcher, type DispatcherObserver } from './dispatcher';
import { formatEvent } from './format-event';
import { createOutboxStore, type Addressed, type OutboxStore } from './outbox-store';
import { RateLimiter, TELEGRAM_BOT_RULES } from './rate-limiter';
import { startSummaries, type Summaries } from './summary-scheduler';
import { createChatCommands } from './chat-commands';
import { registerDiscordCommands } from './discord-commands';
import { discordInteractionRoutes, DISCORD_INTERACTIONS_PATH } from './discord-interactions';
import { startTelegramCommands, type TelegramCommands } from './telegram-commands';
import { createTelegramClient, telegramDestination } from './telegram-destination';

export interface NotifierDeps {
  readonly config: NotifierConfig;
  readonly bus: Bus;
  readonly publisher: Publisher;
  readonly pool: Pool;
  readonly logger: Logger;
  /**
   * The business clock: summary times and the time of operator commands. Delivery (coalescing
   * windows, rate limits, retry_after) always runs on the system clock: it talks to real servers.
   */
  readonly clock: Clock;
  /** Traded symbols (from the strategy config). */
  readonly symbols: readonly string[];
  readonly metrics?: Metrics;
  /** Only for tests: destinations beyond (or instead of) the configured ones. */
  readonly destinations?: readonly Destination[];
  /** How often the summary scheduler looks at the clock; 30 s by default. */
  readonly summaryPollMs?: number;
}

export interface Notifier {
  readonly store: OutboxStore;
  readonly destinations: readonly string[];
  /** The HTTP server of the control routes and the Discord interactions endpoint, when either is configured. */
  readonly controlServer: HttpServer | null;
  /** Produces the summaries due at the clock's now (the scheduler calls it; tests too). */
  runSummaries(): Promise<number>;
  stop(): Promise<void>;
}

/** The destinations the config names: one per Telegram chat, one for the Discord webhook. */
export function configuredDestinations(config: NotifierConfig): Destination[] {
  const destinations: Destination[] = [];
  if (config.telegram.token && config.telegram.chats.length > 0) {
    const client = createTelegramClient(config.telegram.token, config.telegram.apiRoot);
    const botLimiter = new RateLimiter(TELEGRAM_BOT_RULES);
    for (const chat of config.telegram.chats) destinations.push(telegramDestination(client, { id: chat.id, type: chat.type, modes: chat.kinds }, botLimiter));
  }
  if (config.discord.webhookUrl) destinations.push(discordDestination({ url: config.discord.webhookUrl, api: config.discord.api, modes: config.discord.kinds }));
  return destinations;
}

/** Addresses an alert to every destination that has its kind on or silent; critical ones are due at once. */
export function address(alert: Alert, destinations: readonly Destination[], now: number, coalesceMs: number): Addressed[] {
  const out: Addressed[] = [];
  for (const destination of destinations) {
    const mode = modeOf(destination.modes, alert.kind);
    if (mode === 'off') continue;
    out.push({ alert, destination: destination.id, mode, dueAt: alert.severity === 'critical' ? now : now + coalesceMs });
  }
  return out;
}

/**
 * The notifier: the log's risk, execution, control, system and dead-letter events become alerts
 * in the Postgres outbox (with the consumer checkpoint, in one transaction, before the ack), and
 * one dispatcher per destination delivers them within the API's limits. Operator commands come in
 * through the Telegram bot and, when a token is set, the HTTP control endpoint.
 */
export async function startNotifier(deps: NotifierDeps): Promise<Notifier> {
  const { config, bus, publisher, pool, logger, clock, metrics } = deps;
  const ns = config.ns;
  const store = createOutboxStore(pool, ns);
  await store.migrate();
  const definitions = consumerDefinitions(ns, 'notifier');
  const created = await Promise.all(definitions.map(async (d) => `${d.stream}@${(await bus.jsm.streams.info(d.stream)).created}`));
  if (await store.adoptIncarnation(created.join(','))) logger.warn({ ns }, 'the namespace was created anew since the outbox was last used: its old rows and checkpoints were cleared');
  const destinations = [...(deps.destinations ?? []), ...(deps.destinations ? [] : configuredDestinations(config))];
  if (destinations.length === 0) logger.warn('no destination configured: alerts are stored in the outbox but go nowhere');

  const sent = metrics?.counter({ name: 'mast_notifier_alerts_sent_total', help: 'Alerts delivered, by destination type', labelNames: ['destination'] });
  const limited = metrics?.counter({ name: 'mast_notifier_rate_limited_total', help: '429 answers, by destination type', labelNames: ['destination'] });
  const failed = metrics?.counter({ name: 'mast_notifier_send_failures_total', help: 'Sends that failed otherwise, by destination type', labelNames: ['destination'] });
  metrics?.gauge({
    name: 'mast_notifier_outbox_pending',
    help: 'Alerts in the outbox not yet delivered, over every destination',
    async collect() {
      // Postgres away: keep the last value rather than failing the whole scrape.
      const pending = await store.pending().catch(() => null);
      if (pending !== null) this.set(pending);
    },
  });
  const typeOf = (id: string) => id.split(':')[0] ?? 'other';
  const observer: DispatcherObserver = {
    onSent: (id, n) => sent?.inc({ destination: typeOf(id) }, n),
    onRateLimited: (id) => limited?.inc({ destination: typeOf(id) }),
    onFailed: (id) => failed?.inc({ destination: typeOf(id) }),
  };
  const dispatchers: Dispatcher[] = destinations.map((destination) => startDispatcher({ destination, store, clock: systemClock, logger, observer }));
  const wakeAll = () => {
    for (const d of dispatchers) d.wake();
  };

  const handle = async (consumer: string, event: MastEvent, seq: number): Promise<void> => {
    const alert = formatEvent(event);
    if (!alert) return;
    const now = systemClock.now();
    const items = address(alert, destinations, now, config.coalesceMs);
    if (items.length === 0) return;
    if (await store.enqueue(consumer, seq, items, now)) wakeAll();
  };
  const consumers: DurableConsumer[] = [];
  for (const definition of definitions) {
    const name = definition.config.durable_name;
    const durable = await consumeDurable(bus, {
      ns,
      stream: definition.stream,
      consumer: name,
      source: 'notifier',
      logger,
      // Events that raise no alert settle synchronously: most of the risk stream is marks.
      handler: (event, meta) => (formatEvent(event) === null ? undefined : handle(name, event, meta.streamSeq)),
      ...(metrics ? { observer: metrics.busObserver({ stream: definition.stream, consumer: name, pending: () => durable.pending() }) } : {}),
    });
    consumers.push(durable);
  }

  const controls = createOperatorControls({ publisher, now: () => clock.now(), source: 'notifier' });
  const status = readModel(pool, ns);
  let commands: TelegramCommands | null = null;
  if (config.telegram.token && config.telegram.commands) {
    if (config.telegram.operators.length === 0) logger.warn('telegram commands are on but no operator id is configured: every command will be refused');
    commands = await startTelegramCommands({
      token: config.telegram.token,
      apiRoot: config.telegram.apiRoot,
      commands: createChatCommands({ channel: 'telegram', operators: config.telegram.operators, controls, status, symbols: deps.symbols, clock, logger }),
      logger,
    });
  }
  const routes: HttpRoutes[] = [];
  const controlToken = config.control.token;
  if (controlToken) routes.push((app) => registerControlRoutes(app, { controls, token: controlToken, symbols: deps.symbols }));
  const { botToken, applicationId, publicKey } = config.discord;
  const discordBot = Boolean(botToken && applicationId && publicKey);
  if (botToken && applicationId && publicKey) {
    if (config.discord.operators.length === 0) logger.warn('the discord bot is on but no operator id is configured: every command will be refused');
    const chat = createChatCommands({ channel: 'discord', operators: config.discord.operators, controls, status, symbols: deps.symbols, clock, logger });
    routes.push(discordInteractionRoutes({ publicKey, commands: chat, logger }));
    // A failed registration leaves the commands Discord already has; the endpoint still answers them.
    try {
      const count = await registerDiscordCommands({ token: botToken, applicationId, api: config.discord.api });
      logger.info({ commands: count }, 'discord slash commands registered');
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'discord slash commands could not be registered');
    }
  }
  const controlServer = routes.length > 0 ? await startHttpServer({ routes, port: config.control.port, host: config.control.host }) : null;
  if (controlServer) {
    logger.info({ url: controlServer.url, controls: controlToken !== undefined, discordInteractions: discordBot ? DISCORD_INTERACTIONS_PATH : null }, 'HTTP endpoint listening');
  }

  const summaries: Summaries | null = config.summaries.enabled
    ? startSummaries({
        schedule: config.summaries,
        clock,
        source: { days: (from, to) => status.dailyPnl({ from, to }) },
        enqueue: async (alert) => {
          const now = systemClock.now();
          const stored = await store.enqueueOnce(address(alert, destinations, now, 0), now);
          if (stored > 0) wakeAll();
          return stored;
        },
        logger,
        pollMs: deps.summaryPollMs ?? 30_000,
      })
    : null;

  // Sent rows are kept a week (the restart's rate history and a trail of what went out), then pruned.
  const prune = setInterval(() => void store.prune(systemClock.now() - 7 * 86_400_000).catch(() => undefined), 3_600_000);
  prune.unref();

  let stopping: Promise<void> | undefined;
  return {
    store,
    destinations: destinations.map((d) => d.id),
    controlServer,
    runSummaries: () => summaries?.runDue() ?? Promise.resolve(0),
    stop: () =>
      (stopping ??= (async () => {
        summaries?.stop();
        clearInterval(prune);
        await controlServer?.close();
        await commands?.stop();
        await Promise.all(consumers.map((c) => c.stop()));
        await Promise.all(dispatchers.map((d) => d.stop()));
        for (const destination of destinations) await destination.close?.();
      })()),
  };
}
