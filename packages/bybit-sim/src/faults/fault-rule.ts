/**
 * Fault rules: what to break, where, and how often. Rules are deterministic: they count the
 * events they match (`after`, `count`), and a `probability` draws from a PRNG seeded by `seed`.
 */
import { SimulatorConfigError } from '../errors';

export const FaultKind = {
  /** REST: answer `ms` later. WS (with `topic` or `channel`): send the push `ms` later. */
  LATENCY: 'latency',
  /** REST: answer retCode 10006 "Too many visits!" with exhausted rate-limit headers. */
  RATE_LIMIT: 'rateLimit',
  /** REST: answer HTTP `status` (default 503) with a non-JSON gateway body. */
  HTTP_ERROR: 'httpError',
  /** REST: never answer; destroy the socket after `ms` (absent: hold until the simulator closes). */
  TIMEOUT: 'timeout',
  /** WS: cut the connection (no close frame) instead of sending the push. */
  DROP_CONNECTION: 'dropConnection',
  /** WS: send the push twice. */
  DUPLICATE_PUSH: 'duplicatePush',
  /** WS: hold the push and send it after the next push on the same connection (or after `ms`, default 1000). */
  REORDER_PUSH: 'reorderPush',
  /** WS: send a broken frame instead of the push: `malformed` 'invalidJson' (default) or 'wrongShape'. */
  MALFORMED_FRAME: 'malformedFrame',
} as const;
export type FaultKind = (typeof FaultKind)[keyof typeof FaultKind];

export const WsChannel = { PUBLIC: 'public', PRIVATE: 'private' } as const;
export type WsChannel = (typeof WsChannel)[keyof typeof WsChannel];

export interface FaultRule {
  kind: FaultKind;
  /** REST path, exact ("/v5/order/create") or a prefix ending in "*" ("/v5/order/*"); absent: every path. */
  path?: string;
  /** WS topic, exact ("kline.1.BTCUSDT", "order") or a prefix ending in "*" ("kline.*"); absent: every topic. */
  topic?: string;
  /** WS stream; absent: both. */
  channel?: WsChannel;
  /** Let the first `after` matching events pass. */
  after?: number;
  /** Break at most this many events; absent: every matching event. */
  count?: number;
  /** Break a matching event with this probability, drawn from a PRNG seeded with `seed` (default 1). */
  probability?: number;
  seed?: number;
  ms?: number;
  status?: number;
  malformed?: 'invalidJson' | 'wrongShape';
}

const REST_ONLY: readonly FaultKind[] = [FaultKind.RATE_LIMIT, FaultKind.HTTP_ERROR, FaultKind.TIMEOUT];
const WS_ONLY: readonly FaultKind[] = [FaultKind.DROP_CONNECTION, FaultKind.DUPLICATE_PUSH, FaultKind.REORDER_PUSH, FaultKind.MALFORMED_FRAME];
const KNOWN_FIELDS = new Set(['kind', 'path', 'topic', 'channel', 'after', 'count', 'probability', 'seed', 'ms', 'status', 'malformed']);

/** True when a rule acts on WS pushes rather than REST requests. */
export function isWsRule(rule: FaultRule): boolean {
  if (WS_ONLY.includes(rule.kind)) return true;
  if (REST_ONLY.includes(rule.kind)) return false;
  return rule.topic !== undefined || rule.channel !== undefined;
}

function nonNegativeInt(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/** Checks rules given as untrusted JSON and reports every problem at once. */
export function parseFaultRules(input: unknown): FaultRule[] {
  if (!Array.isArray(input)) throw new SimulatorConfigError('faults must be an array of rules');
  const problems: string[] = [];
  input.forEach((raw: unknown, i) => {
    const at = `faults[${i}]`;
    if (typeof raw !== 'object' || raw === null) {
      problems.push(`${at} must be an object`);
      return;
    }
    const r = raw as Record<string, unknown>;
    for (const key of Object.keys(r)) if (!KNOWN_FIELDS.has(key)) problems.push(`${at}.${key} is not a known field`);
    if (!Object.values(FaultKind).includes(r['kind'] as FaultKind)) problems.push(`${at}.kind must be one of ${Object.values(FaultKind).join(', ')}, was ${JSON.stringify(r['kind'])}`);
    for (const f of ['path', 'topic'] as const) if (r[f] !== undefined && typeof r[f] !== 'string') problems.push(`${at}.${f} must be a string`);
    if (r['channel'] !== undefined && r['channel'] !== 'public' && r['channel'] !== 'private') problems.push(`${at}.channel must be public or private`);
    for (const f of ['after', 'count', 'ms', 'seed'] as const) if (r[f] !== undefined && !nonNegativeInt(r[f])) problems.push(`${at}.${f} must be a non-negative integer, was ${JSON.stringify(r[f])}`);
    const p = r['probability'];
    if (p !== undefined && !(typeof p === 'number' && p > 0 && p <= 1)) problems.push(`${at}.probability must be in (0, 1], was ${JSON.stringify(p)}`);
    const s = r['status'];
    if (s !== undefined && !(typeof s === 'number' && Number.isInteger(s) && s >= 400 && s <= 599)) problems.push(`${at}.status must be an HTTP error status 400-599, was ${JSON.stringify(s)}`);
    if (r['malformed'] !== undefined && r['malformed'] !== 'invalidJson' && r['malformed'] !== 'wrongShape') problems.push(`${at}.malformed must be invalidJson or wrongShape`);
    const kind = r['kind'] as FaultKind;
    if (REST_ONLY.includes(kind) && (r['topic'] !== undefined || r['channel'] !== undefined)) problems.push(`${at}: ${kind} acts on REST requests; use path, not topic/channel`);
    if (WS_ONLY.includes(kind) && r['path'] !== undefined) problems.push(`${at}: ${kind} acts on WS pushes; use topic/channel, not path`);
    if (kind === FaultKind.LATENCY && r['ms'] === undefined) problems.push(`${at}.ms is required for latency`);
  });
  if (problems.length > 0) throw new SimulatorConfigError(`invalid fault rules:\n  ${problems.join('\n  ')}`);
  return input as FaultRule[];
}
