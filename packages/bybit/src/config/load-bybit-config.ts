import { readFileSync } from 'node:fs';
import { ConfigError } from '@mast/contracts';
import type { ConfigIssue } from '@mast/contracts';
import { parseBybitConfig } from './bybit-config';
import type { BybitConfig } from './bybit-config';

export type Env = Readonly<Record<string, string | undefined>>;
export type ReadTextFile = (path: string) => string;

const readUtf8: ReadTextFile = (path) => readFileSync(path, 'utf8');

/**
 * Builds the config from environment variables (passed in, so nothing deep in the code reads
 * process.env). Credentials come from `BYBIT_API_KEY`/`BYBIT_API_SECRET`, or from files mounted
 * by the orchestrator (`BYBIT_API_KEY_FILE`/`BYBIT_API_SECRET_FILE`, e.g. Kubernetes secrets).
 *
 * | variable | meaning |
 * |---|---|
 * | BYBIT_ENV | live, testnet, demo or custom |
 * | BYBIT_BASE_URL, BYBIT_WS_PUBLIC_URL, BYBIT_WS_PRIVATE_URL | custom only (the simulator) |
 * | BYBIT_API_KEY / BYBIT_API_KEY_FILE | API key, or a file holding it |
 * | BYBIT_API_SECRET / BYBIT_API_SECRET_FILE | API secret, or a file holding it |
 * | BYBIT_RECV_WINDOW | ms, default 5000 |
 * | BYBIT_TIMEOUT_MS | REST timeout, default 10000 |
 * | BYBIT_SYMBOLS | comma-separated, default BTCUSDT,ETHUSDT,SOLUSDT |
 */
export function loadBybitConfig(env: Env, readFile: ReadTextFile = readUtf8): BybitConfig {
  const issues: ConfigIssue[] = [];
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const secretValue = (name: string, field: string): string | undefined => {
    const direct = value(name);
    const file = value(`${name}_FILE`);
    if (direct !== undefined && file !== undefined) {
      issues.push({ path: field, message: `set ${name} or ${name}_FILE, not both` });
      return undefined;
    }
    if (file === undefined) return direct;
    try {
      const content = readFile(file).trim();
      if (content === '') issues.push({ path: field, message: `${name}_FILE (${file}) is empty` });
      return content === '' ? undefined : content;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      issues.push({ path: field, message: `cannot read ${name}_FILE (${file}): ${code}` });
      return undefined;
    }
  };
  const numeric = (name: string, field: string): number | undefined => {
    const v = value(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (Number.isFinite(n)) return n;
    issues.push({ path: field, message: `${name} must be a number, was ${JSON.stringify(v)}` });
    return undefined;
  };

  const input: Record<string, unknown> = {
    environment: value('BYBIT_ENV'),
    baseUrl: value('BYBIT_BASE_URL'),
    wsPublicUrl: value('BYBIT_WS_PUBLIC_URL'),
    wsPrivateUrl: value('BYBIT_WS_PRIVATE_URL'),
    apiKey: secretValue('BYBIT_API_KEY', 'apiKey'),
    apiSecret: secretValue('BYBIT_API_SECRET', 'apiSecret'),
    recvWindow: numeric('BYBIT_RECV_WINDOW', 'recvWindow'),
    timeoutMs: numeric('BYBIT_TIMEOUT_MS', 'timeoutMs'),
    symbols: value('BYBIT_SYMBOLS')?.split(',').map((s) => s.trim()).filter(Boolean),
  };
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];

  let config: BybitConfig | undefined;
  try {
    config = parseBybitConfig(input, 'environment');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues);
  }
  if (config === undefined || issues.length > 0) throw new ConfigError(issues, 'environment');
  return config;
}
