import type { Logger } from '@mast/observability';
import type { Alert } from './alert';
import type { Clock } from './clock';
import { dueSummaries, formatSummary } from './summaries';
import type { SummarySchedule, SummarySource } from './summaries';

export interface SummariesOptions {
  readonly schedule: SummarySchedule;
  readonly clock: Clock;
  readonly source: SummarySource;
  /** Stores the summary in the outbox; resolves with how many rows were new (0 when it was made before). */
  readonly enqueue: (alert: Alert) => Promise<number>;
  readonly logger: Logger;
  readonly pollMs: number;
}

export interface Summaries {
  /** Produces the summaries of the latest slots at the clock's now; returns how many were new. */
  runDue(): Promise<number>;
  stop(): void;
}

/**
 * Daily and weekly summaries at their UTC times. Each run produces the latest slot's summaries;
 * their ids are their periods, so the outbox keeps one of each whatever the restarts. A slot
 * missed while the service was down is produced at the next start.
 */
export function startSummaries(options: SummariesOptions): Summaries {
  const { clock, source, enqueue, logger, schedule } = options;
  const made = new Set<string>();
  const runDue = async (): Promise<number> => {
    let added = 0;
    for (const due of dueSummaries(clock.now(), schedule)) {
      const key = `${due.period}:${due.from}`;
      if (made.has(key)) continue;
      const alert = formatSummary(due, await source.days(due.from, due.to));
      added += await enqueue(alert);
      made.add(key);
    }
    return added;
  };
  const tick = () =>
    void runDue().catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'summary not produced yet; will retry'));
  const timer = setInterval(tick, options.pollMs);
  timer.unref();
  tick();
  return { runDue, stop: () => clearInterval(timer) };
}
