import type { Logger } from './create-logger';

/** Something to close on the way out: the bus connection, a database pool, the health server. */
export interface Closer {
  readonly name: string;
  close(): void | Promise<void>;
}

/** Where signals come from: `process` in a service, an EventEmitter in tests. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface ShutdownOptions {
  readonly signals?: readonly NodeJS.Signals[];
  /** For all closers together; keep it under the pod's terminationGracePeriodSeconds (30 s). */
  readonly timeoutMs?: number;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  readonly exit?: (code: number) => void;
  readonly signalSource?: SignalSource;
}

export interface Shutdown {
  /** Registers a closer; closers run in reverse order of registration (last opened, first closed). */
  add(name: string, close: () => void | Promise<void>): void;
  /** Starts the shutdown (once; later calls get the same promise), resolving with the exit code. */
  shutdown(reason: string): Promise<number>;
  /** Removes the signal listeners (tests, or a process that hands over shutdown to another owner). */
  dispose(): void;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 15_000;

/**
 * Runs the closers once, in reverse order, when a signal arrives (SIGTERM from Kubernetes, SIGINT
 * from a terminal) or `shutdown()` is called; then exits 0, or 1 if a closer failed or they did
 * not all finish within `timeoutMs`. A second signal while closing exits 1 at once.
 */
export function onShutdown(closers: readonly Closer[], options: ShutdownOptions): Shutdown {
  const { logger } = options;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const timeoutMs = options.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const source: SignalSource = options.signalSource ?? process;
  const exitProcess = options.exit ?? ((code: number) => process.exit(code));
  const registered: Closer[] = [...closers];
  let running: Promise<number> | undefined;
  let exited = false;

  const exit = (code: number): void => {
    if (exited) return;
    exited = true;
    exitProcess(code);
  };

  const closeAll = async (current: { name?: string }): Promise<number> => {
    let code = 0;
    for (const closer of [...registered].reverse()) {
      current.name = closer.name;
      try {
        await closer.close();
        logger.info({ closer: closer.name }, 'closed');
      } catch (error) {
        code = 1;
        logger.error({ err: error, closer: closer.name }, 'closer failed');
      }
    }
    current.name = undefined;
    return code;
  };

  const shutdown = (reason: string): Promise<number> => {
    running ??= (async () => {
      logger.info({ reason, closers: registered.length, timeoutMs }, 'shutting down');
      const current: { name?: string } = {};
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<number>((resolve) => {
        timer = setTimeout(() => {
          logger.error({ closer: current.name, timeoutMs }, 'shutdown timed out');
          resolve(1);
        }, timeoutMs);
      });
      const code = await Promise.race([closeAll(current), timedOut]);
      clearTimeout(timer);
      if (code === 0) logger.info({ reason }, 'stopped');
      dispose();
      exit(code);
      return code;
    })();
    return running;
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (running) {
      logger.warn({ signal }, 'second signal while shutting down: exiting now');
      exit(1);
      return;
    }
    void shutdown(signal);
  };

  const dispose = (): void => {
    for (const signal of signals) source.off(signal, onSignal);
  };

  for (const signal of signals) source.on(signal, onSignal);

  return {
    add(name, close) {
      if (running) {
        logger.warn({ closer: name }, 'closer registered while shutting down: closing it now');
        Promise.resolve().then(close).catch((error: unknown) => logger.error({ err: error, closer: name }, 'closer failed'));
        return;
      }
      registered.push({ name, close });
    },
    shutdown,
    dispose,
  };
}
