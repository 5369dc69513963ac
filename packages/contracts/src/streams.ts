import type { EventType } from './events/registry';
import { assertNamespace } from './subject-tokens';
import { CONTEXTS, EVENT_ROUTES, subjects } from './subjects';
import type { Context } from './subjects';

/**
 * JetStream streams as plain config objects in nats' own JSON field names (durations in
 * nanoseconds), for the bus package to hand to nats.js. One stream per bounded context, each
 * owning the disjoint subject prefix `<ns>.<context>.>` (the server refuses overlapping streams).
 * Stream names are `<NS>_<CONTEXT>`: the namespace in upper case with `-` as `_`, e.g. `LIVE_MD`,
 * `REPLAY_7F3A_EXEC`; a namespace holds no `_`, so a name maps back to one namespace.
 */

const SECOND_NS = 1_000_000_000;
const DAY_NS = 86_400 * SECOND_NS;

export interface StreamDefinition {
  readonly name: string;
  readonly description: string;
  readonly subjects: readonly string[];
  /** `limits` for every event log: several services read each stream, and risk rebuilds from it. */
  readonly retention: 'limits';
  readonly storage: 'file';
  readonly discard: 'old';
  readonly max_age: number;
  readonly duplicate_window: number;
  readonly num_replicas: number;
  /** The log is the audit trail: single events are not deleted (a whole stream may be, for replays). */
  readonly deny_delete: boolean;
  readonly deny_purge: boolean;
}

/**
 * How long each context keeps its events. Orders, fills and risk decisions are the audit trail
 * and the recovery source, so they live longest; candles can be re-fetched from the exchange;
 * system events and dead letters only need to outlive their alert. Operator commands are kept
 * with the risk state they changed. Commands are events here, not a work queue: risk rebuilds
 * paused and halted state from them and the notifier reads them too.
 */
export const STREAM_MAX_AGE_DAYS: Readonly<Record<Context, number>> = {
  md: 90,
  sig: 90,
  risk: 365,
  exec: 365,
  ctl: 365,
  sys: 30,
  dlq: 30,
};

/** JetStream's default; publishers resend within it on reconnect and the `Nats-Msg-Id` drops repeats. */
export const DUPLICATE_WINDOW_NS = 120 * SECOND_NS;

export function streamName(ns: string, context: Context): string {
  assertNamespace(ns);
  return `${ns.toUpperCase().replace(/-/g, '_')}_${context.toUpperCase()}`;
}

export interface StreamOptions {
  /** 1 on a single server, 3 on the production cluster. */
  readonly replicas?: number;
}

export function streamDefinition(ns: string, context: Context, options: StreamOptions = {}): StreamDefinition {
  const replicas = options.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 5) throw new RangeError(`replicas must be an integer 1..5, was ${replicas}`);
  return {
    name: streamName(ns, context),
    description: `MAST ${context} events of namespace ${ns}`,
    subjects: [subjects(ns).context(context)],
    retention: 'limits',
    storage: 'file',
    discard: 'old',
    max_age: STREAM_MAX_AGE_DAYS[context] * DAY_NS,
    duplicate_window: DUPLICATE_WINDOW_NS,
    num_replicas: replicas,
    // An operator removes a dead letter once handled; everything else stays as it was written.
    deny_delete: context !== 'dlq',
    deny_purge: false,
  };
}

/** Every stream of a namespace, one per bounded context. */
export function streamDefinitions(ns: string, options: StreamOptions = {}): StreamDefinition[] {
  return CONTEXTS.map((context) => streamDefinition(ns, context, options));
}

/** The stream an event type is stored in. */
export function streamForEvent(ns: string, type: EventType): string {
  return streamName(ns, EVENT_ROUTES[type].context);
}
