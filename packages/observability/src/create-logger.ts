import { hostname } from 'node:os';
import pino from 'pino';
import { z } from 'zod';
import { redactRecord } from './redact-secrets';
import { createScrubber } from './scrub-secrets';

export type Logger = pino.Logger;
export type LogDestination = pino.DestinationStream;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** For service config schemas: `logLevel: logLevelSchema.default('info')`. */
export const logLevelSchema = z.enum(LOG_LEVELS);

export interface CreateLoggerOptions {
  readonly service: string;
  readonly level: LogLevel;
  /** Where lines go; stdout (synchronously) by default. Tests pass a sink. */
  readonly destination?: LogDestination;
  /** Literal secret values (from `secretValues(schema, config)`) scrubbed from every line. */
  readonly secrets?: readonly string[];
  /** Defaults to `<hostname>/<pid>`: the pod name in Kubernetes. */
  readonly instance?: string;
}

/**
 * A pino logger with `service` and `instance` on every line, in which secrets cannot appear:
 * values under secret-looking keys are `[redacted]` at any depth (errors and child bindings
 * included), and the finished line is scrubbed of the known secret values and of
 * credential-shaped substrings (so a secret inside an error message or stack is caught too).
 *
 * pino's own `redact` option is not used: it needs one path per depth, and with the ~100 paths
 * that "any depth" takes a line cost ~110 µs here; this logger takes ~3 µs (plain pino ~1 µs).
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const scrub = createScrubber(options.secrets);
  const logger = pino(
    {
      level: options.level,
      base: { service: options.service, instance: options.instance ?? `${hostname()}/${process.pid}` },
      formatters: { log: redactRecord, bindings: redactRecord },
      // Errors anywhere in the object were already serialized by redactRecord; pino's default
      // serializer would serialize that plain copy again and call it an `Object`.
      serializers: { err: (value: unknown) => value },
      hooks: { streamWrite: scrub },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  redactChildBindings(logger);
  return logger;
}

/**
 * pino formats a child's bindings once, at creation, without the root's `bindings` formatter.
 * Children are created from their parent's prototype chain, so replacing `child` on the root
 * covers every descendant.
 */
function redactChildBindings(root: Logger): void {
  const child = root.child;
  root.child = function redactedChild(this: Logger, bindings, childOptions) {
    return child.call(this, redactRecord(bindings), childOptions);
  } as Logger['child'];
}

export interface MessageContext {
  readonly symbol?: string;
  readonly correlationId?: string;
}

/** A child logger for handling one message, carrying its `symbol` and `correlationId`. */
export function messageLogger(logger: Logger, context: MessageContext): Logger {
  const bindings: Record<string, string> = {};
  if (context.symbol !== undefined) bindings.symbol = context.symbol;
  if (context.correlationId !== undefined) bindings.correlationId = context.correlationId;
  return logger.child(bindings);
}
