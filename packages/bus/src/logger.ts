/**
 * The logging the bus needs, as a parameter (pino's `logger.info(obj, msg)` shape, so a service
 * passes its pino logger as it is and a test passes a sink).
 */
export interface BusLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const write = (level: string) => (obj: object, msg?: string) => {
  process.stderr.write(`${JSON.stringify({ level, time: Date.now(), ...obj, msg })}\n`);
};

/**
 * Used when no logger is given: warnings and errors as JSON lines on stderr, so that a dead
 * letter or a lost connection is never silent; debug and info are dropped.
 */
export const stderrBusLogger: BusLogger = { debug: () => {}, info: () => {}, warn: write('warn'), error: write('error') };

/** For tests and benchmarks that assert on behaviour, not on logs. */
export const silentBusLogger: BusLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** What an error is, for a log line: name and message (a stack is noise for expected failures). */
export function errorFields(error: unknown): { err: { name: string; message: string } } {
  return error instanceof Error ? { err: { name: error.name, message: error.message } } : { err: { name: 'NonError', message: String(error) } };
}
