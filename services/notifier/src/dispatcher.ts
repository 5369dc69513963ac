import type { Logger } from '@mast/observability';
import type { Clock } from './clock';
import type { Destination } from './destination';
import { isRetryAfterError } from './destination';
import type { OutboxRow, OutboxStore } from './outbox-store';
import { packFirstMessage } from './pack-messages';
import { WakeableSleep } from './wakeable-sleep';

export interface DispatcherObserver {
  onSent?(destination: string, alerts: number): void;
  onRateLimited?(destination: string, retryAfterMs: number): void;
  onFailed?(destination: string): void;
}

export interface DispatcherOptions {
  readonly destination: Destination;
  readonly store: OutboxStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly observer?: DispatcherObserver;
  /** How often to look at the outbox when nothing woke us (another instance, a missed wake). */
  readonly idlePollMs?: number;
}

export interface Dispatcher {
  readonly destination: string;
  /** New rows were stored: look now rather than at the next poll. */
  wake(): void;
  /** Finishes the message in flight (and records it as sent), then resolves. */
  stop(): Promise<void>;
}

interface Group {
  readonly rows: OutboxRow[];
}

/** A group of repeats as one block: the latest text, with how many it stands for. */
function renderGroup(group: Group): string {
  const last = group.rows[group.rows.length - 1]!;
  if (group.rows.length === 1) return last.text;
  const since = new Date(group.rows[0]!.enqueuedAt).toISOString().slice(11, 19);
  return `${last.text}\n(×${group.rows.length} since ${since} UTC)`;
}

function groupRows(rows: readonly OutboxRow[]): Group[] {
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const key = `${row.severity}|${row.key}`;
    const group = groups.get(key) ?? { rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  return [...groups.values()];
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One loop per destination, so a 429 or an outage at one never holds up another. Each turn takes
 * the due rows (critical first), coalesces repeats, packs as many as fit in one message, waits for
 * the rate limits, sends, and marks exactly the rows it sent.
 */
export function startDispatcher(options: DispatcherOptions): Dispatcher {
  const { destination, store, clock, logger, observer } = options;
  const idlePollMs = options.idlePollMs ?? 10_000;
  const log = logger.child({ destination: destination.id });
  const sleeper = new WakeableSleep();
  let stopped = false;
  let blockedUntil = 0;
  let failures = 0;

  const recordSent = async (ids: string[], messageId: string | null): Promise<void> => {
    // The message is out: keep trying to record it, or a restart would send it again.
    for (let attempt = 1; ; attempt++) {
      try {
        await store.markSent(destination.id, ids, clock.now(), messageId);
        return;
      } catch (error) {
        log.error({ err: messageOf(error), attempt }, 'cannot record a sent message yet; retrying');
        if (attempt >= 1000) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 100 * attempt)));
      }
    }
  };

  /** One turn; returns how long to wait before the next. */
  const turn = async (): Promise<number> => {
    const now = clock.now();
    if (now < blockedUntil) return blockedUntil - now;
    const rows = await store.due(destination.id, now, 500);
    if (rows.length === 0) {
      const next = await store.nextDue(destination.id);
      return next === null ? idlePollMs : Math.min(idlePollMs, Math.max(0, next - now));
    }
    const allowedAt = Math.max(...destination.limiters.map((l) => l.nextAllowedAt(now)));
    if (allowedAt > now) return allowedAt - now;

    const groups = groupRows(rows);
    const silent = groups[0]!.rows.every((r) => r.mode === 'silent');
    const sameMode = groups.filter((g) => g.rows.every((r) => r.mode === 'silent') === silent);
    const { text, count } = packFirstMessage(sameMode.map(renderGroup), destination.textLimit);
    const ids = sameMode.slice(0, count).flatMap((g) => g.rows.map((r) => r.alertId));
    try {
      const messageId = await destination.send(text, { silent });
      for (const limiter of destination.limiters) limiter.record(clock.now());
      await recordSent(ids, messageId);
      failures = 0;
      observer?.onSent?.(destination.id, ids.length);
      return 0;
    } catch (error) {
      for (const limiter of destination.limiters) limiter.record(clock.now());
      if (isRetryAfterError(error)) {
        blockedUntil = clock.now() + error.retryAfterMs;
        log.warn({ retryAfterMs: error.retryAfterMs, alerts: ids.length }, 'rate limited by the API; waiting as told');
        observer?.onRateLimited?.(destination.id, error.retryAfterMs);
        return error.retryAfterMs;
      }
      failures++;
      const delay = Math.min(60_000, 1000 * 2 ** Math.min(6, failures - 1));
      // The logger scrubs the token and webhook secret from the message (it may hold the request URL).
      log.error({ err: messageOf(error), failures, retryInMs: delay }, 'sending failed; will retry');
      observer?.onFailed?.(destination.id);
      return delay;
    }
  };

  const loop = (async () => {
    // The APIs count what the previous instance sent just before a restart: so do we.
    const horizon = Math.max(0, ...destination.limiters.flatMap((l) => l.rules.map((r) => r.windowMs)));
    try {
      for (const at of await store.recentSends(destination.id, clock.now() - horizon)) for (const limiter of destination.limiters) limiter.record(at);
    } catch (error) {
      log.warn({ err: messageOf(error) }, 'cannot read recent sends; waiting one rate window before the first');
      blockedUntil = clock.now() + horizon;
    }
    while (!stopped) {
      let wait: number;
      try {
        wait = await turn();
      } catch (error) {
        log.error({ err: messageOf(error) }, 'outbox unavailable; will retry');
        wait = 2_000;
      }
      if (!stopped && wait > 0) await sleeper.sleep(wait);
    }
  })();

  return {
    destination: destination.id,
    wake: () => sleeper.wake(),
    async stop() {
      stopped = true;
      sleeper.wake();
      await loop;
    },
  };
}
