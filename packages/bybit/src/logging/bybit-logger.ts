import type { Logger } from 'pino';

/**
 * Paths pino censors in everything this package logs. The adapter never logs credentials on
 * purpose; these catch an object that carries them by accident (a config, request headers, a
 * WS auth frame).
 */
export const BYBIT_REDACT_PATHS: readonly string[] = [
  'apiKey',
  'secret',
  'apiSecret',
  'signature',
  '*.apiKey',
  '*.secret',
  '*.apiSecret',
  '*.signature',
  'headers["X-BAPI-API-KEY"]',
  'headers["X-BAPI-SIGN"]',
  '*.headers["X-BAPI-API-KEY"]',
  '*.headers["X-BAPI-SIGN"]',
  'credentials',
  '*.credentials',
];

/** A child of the caller's logger with this package's redaction applied on top. */
export function childLogger(parent: Logger, component: string): Logger {
  return parent.child({ component }, { redact: { paths: [...BYBIT_REDACT_PATHS], censor: '[redacted]' } });
}
