import { ConfigError } from '@mast/contracts';
import type { ConfigIssue } from '@mast/contracts';
import { z } from 'zod';
import { BYBIT_ENDPOINTS, BYBIT_ENVIRONMENTS } from './endpoints';
import type { BybitEndpoints } from './endpoints';
import { RedactedSecret } from './redacted-secret';

const SECRET_FIELDS = new Set(['apiKey', 'apiSecret']);
const wsUrl = z.url({ protocol: /^wss?$/ });
const httpUrl = z.url({ protocol: /^https?$/ });
const symbolName = z.string().regex(/^[A-Z0-9]{2,20}USDT$/, 'must be a USDT linear perpetual symbol such as BTCUSDT');

export const bybitConfigSchema = z
  .strictObject({
    environment: z.enum(Object.values(BYBIT_ENVIRONMENTS)),
    /** Only for `custom`: REST base such as http://127.0.0.1:PORT. */
    baseUrl: httpUrl.optional(),
    wsPublicUrl: wsUrl.optional(),
    wsPrivateUrl: wsUrl.optional(),
    apiKey: z.string().min(1).optional(),
    apiSecret: z.string().min(1).optional(),
    /** X-BAPI-RECV-WINDOW in ms; Bybit's default is 5000. */
    recvWindow: z.number().int().min(1).max(60_000).default(5_000),
    /** Per-request REST timeout in ms. */
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    symbols: z
      .array(symbolName)
      .min(1)
      .refine((s) => new Set(s).size === s.length, 'symbols must not repeat')
      .default(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']),
  });

/**
 * Rules across fields, checked on the raw input so they are reported together with the
 * per-field errors (zod skips refinements of an object that already has issues).
 */
function crossFieldIssues(input: unknown): ConfigIssue[] {
  if (typeof input !== 'object' || input === null) return [];
  const c = input as Record<string, unknown>;
  const issues: ConfigIssue[] = [];
  const custom = c['environment'] === 'custom';
  for (const key of ['baseUrl', 'wsPublicUrl', 'wsPrivateUrl']) {
    if (custom && c[key] === undefined) issues.push({ path: key, message: 'is required when environment is custom' });
    // A live config that quietly points elsewhere is a mistake, not a feature.
    if (!custom && c[key] !== undefined) issues.push({ path: key, message: `is only allowed when environment is custom, not ${String(c['environment'])}` });
  }
  if ((c['apiKey'] === undefined) !== (c['apiSecret'] === undefined)) {
    issues.push({ path: c['apiKey'] === undefined ? 'apiKey' : 'apiSecret', message: 'apiKey and apiSecret go together' });
  }
  return issues;
}

export type BybitConfigInput = z.input<typeof bybitConfigSchema>;

export interface BybitCredentials {
  readonly apiKey: string;
  readonly apiSecret: RedactedSecret;
}

export interface BybitConfig {
  readonly environment: z.infer<typeof bybitConfigSchema>['environment'];
  readonly endpoints: BybitEndpoints;
  /** Absent for a market-data-only client. */
  readonly credentials: BybitCredentials | undefined;
  readonly recvWindow: number;
  readonly timeoutMs: number;
  readonly symbols: readonly string[];
}

function describe(input: unknown, issue: z.core.$ZodIssue): ConfigIssue {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') return { path: [path, ...issue.keys].filter(Boolean).join('.'), message: `unknown key ${issue.keys.join(', ')}` };
  let given: unknown = input;
  for (const key of issue.path) given = typeof given === 'object' && given !== null ? (given as Record<PropertyKey, unknown>)[key] : undefined;
  // Never echo a credential, not even a malformed one.
  const echo = given !== undefined && issue.code !== 'custom' && !SECRET_FIELDS.has(String(issue.path[0]));
  return { path, message: echo ? `${issue.message}, was ${JSON.stringify(given)}` : issue.message };
}

/** Validates a config object; throws ConfigError naming every bad field at once. */
export function parseBybitConfig(input: unknown, source?: string): BybitConfig {
  const parsed = bybitConfigSchema.safeParse(input);
  const issues = [...(parsed.success ? [] : parsed.error.issues.map((i) => describe(input, i))), ...crossFieldIssues(input)];
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues, source);
  const c = parsed.data;
  const endpoints: BybitEndpoints =
    c.environment === 'custom'
      ? { rest: stripSlash(c.baseUrl ?? ''), wsPublic: c.wsPublicUrl ?? '', wsPrivate: c.wsPrivateUrl ?? '' }
      : BYBIT_ENDPOINTS[c.environment];
  const credentials = c.apiKey !== undefined && c.apiSecret !== undefined ? { apiKey: c.apiKey, apiSecret: new RedactedSecret(c.apiSecret) } : undefined;
  return { environment: c.environment, endpoints, credentials, recvWindow: c.recvWindow, timeoutMs: c.timeoutMs, symbols: c.symbols };
}

function stripSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
