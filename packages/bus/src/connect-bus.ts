import { readFileSync } from 'node:fs';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { connect, credsAuthenticator } from '@nats-io/transport-node';
import type { ConnectionOptions, NatsConnection, Status } from '@nats-io/transport-node';
import { BusConfigError, requirePositiveInteger } from './bus-config-error';
import { errorFields, stderrBusLogger } from './logger';
import type { BusLogger } from './logger';

export interface BusOptions {
  readonly servers: string | readonly string[];
  /** Shown by the server (connz) and in its logs: the service and instance. */
  readonly name: string;
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
  /** A NATS `.creds` file (JWT + nkey seed), read once at connect. */
  readonly credsFile?: string;
  readonly logger?: BusLogger;
  /** JetStream API requests and publish acknowledgements; default 5000. */
  readonly timeoutMs?: number;
  /** Between reconnect attempts, plus up to `reconnectJitterMs` of jitter; defaults 2000 and 1000. */
  readonly reconnectWaitMs?: number;
  readonly reconnectJitterMs?: number;
}

/** A part that must stop before the connection drains: a consumer finishing its in-flight message. */
export interface Stoppable {
  stop(): Promise<void>;
}

export interface Bus {
  readonly name: string;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly logger: BusLogger;
  /** For readiness probes: connected now, neither reconnecting nor closing. */
  isConnected(): boolean;
  /** Registers a part to stop first on drain(); returns the function that unregisters it. */
  onDrain(part: Stoppable): () => void;
  /**
   * Graceful shutdown (SIGTERM): stops every registered part (consumers finish and ack what they
   * hold), then drains the connection so that acks and publishes already written reach the server.
   */
  drain(): Promise<void>;
  /** Closes at once; unacknowledged messages are redelivered after their ack wait. */
  close(): Promise<void>;
  /** Resolves when the connection has closed, with the error that closed it, if any. */
  closed(): Promise<void | Error>;
}

function authOptions(options: BusOptions): Partial<ConnectionOptions> {
  const { user, pass, token, credsFile } = options;
  const methods = [user !== undefined || pass !== undefined, token !== undefined, credsFile !== undefined].filter(Boolean).length;
  if (methods > 1) throw new BusConfigError('give one of user/pass, token or credsFile, not several');
  if ((user === undefined) !== (pass === undefined)) throw new BusConfigError('user and pass go together');
  if (user !== undefined) return { user, pass };
  if (token !== undefined) return { token };
  if (credsFile !== undefined) {
    // Read once: a missing file should fail the start, not the first reconnect.
    const creds = readFileSync(credsFile);
    return { authenticator: credsAuthenticator(new Uint8Array(creds)) };
  }
  return {};
}

function connectionOptions(options: BusOptions): ConnectionOptions {
  const servers = typeof options.servers === 'string' ? [options.servers] : [...options.servers];
  if (servers.length === 0 || servers.some((s) => s.trim() === '')) throw new BusConfigError('servers must name at least one server');
  if (options.name.trim() === '') throw new BusConfigError('name must not be empty');
  return {
    servers,
    name: options.name,
    ...authOptions(options),
    timeout: requirePositiveInteger('timeoutMs', options.timeoutMs, 5000),
    // A service keeps trying for as long as it runs: the orchestrator, not the client, gives up.
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: requirePositiveInteger('reconnectWaitMs', options.reconnectWaitMs, 2000),
    // Spreads the reconnects of many instances after a server restart.
    reconnectJitter: requirePositiveInteger('reconnectJitterMs', options.reconnectJitterMs, 1000),
    // nats-core builds an Error per request for async stack traces; without it publish is ~2x faster (OPS.md).
    noAsyncTraces: true,
  };
}

function logStatus(logger: BusLogger, name: string, status: Status): void {
  switch (status.type) {
    case 'disconnect':
      logger.warn({ bus: name, server: status.server }, 'nats disconnected');
      return;
    case 'reconnecting':
      logger.debug({ bus: name }, 'nats reconnecting');
      return;
    case 'reconnect':
      logger.info({ bus: name, server: status.server }, 'nats reconnected');
      return;
    case 'error':
      logger.error({ bus: name, ...errorFields(status.error) }, 'nats connection error');
      return;
    case 'ldm':
      logger.warn({ bus: name, server: status.server }, 'nats server entering lame duck mode');
      return;
    case 'staleConnection':
      logger.warn({ bus: name }, 'nats connection stale');
      return;
    case 'slowConsumer':
      logger.warn({ bus: name, subject: status.sub.getSubject(), pending: status.pending }, 'nats slow consumer');
      return;
    case 'close':
      logger.info({ bus: name }, 'nats connection closed');
      return;
    default:
      // ping, cluster update, forceReconnect: routine.
      return;
  }
}

/** Connects to NATS with unlimited jittered reconnects and binds JetStream; throws if JetStream is not enabled. */
export async function connectBus(options: BusOptions): Promise<Bus> {
  const logger = options.logger ?? stderrBusLogger;
  const nc = await connect(connectionOptions(options));
  let connected = true;
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') connected = false;
      if (status.type === 'reconnect') connected = true;
      logStatus(logger, options.name, status);
    }
  })();

  let jsm: JetStreamManager;
  try {
    // Checks the JetStream API once, so a server without JetStream fails the start.
    jsm = await jetstreamManager(nc, { timeout: options.timeoutMs ?? 5000 });
  } catch (error) {
    await nc.close();
    throw error;
  }
  const js = jetstream(nc, { timeout: options.timeoutMs ?? 5000 });
  const parts = new Set<Stoppable>();
  let draining: Promise<void> | undefined;

  const drain = async (): Promise<void> => {
    const results = await Promise.allSettled([...parts].map((part) => part.stop()));
    for (const result of results) if (result.status === 'rejected') logger.error({ bus: options.name, ...errorFields(result.reason) }, 'stopping a bus part failed');
    if (!nc.isClosed() && !nc.isDraining()) await nc.drain();
  };

  return {
    name: options.name,
    nc,
    js,
    jsm,
    logger,
    isConnected: () => connected && !nc.isClosed() && !nc.isDraining(),
    onDrain: (part) => {
      parts.add(part);
      return () => parts.delete(part);
    },
    drain: () => (draining ??= drain()),
    close: () => nc.close(),
    closed: () => nc.closed(),
  };
}
