import type { Bus } from '@mast/bus';
import { watchPipeline } from './pipeline-watch';

export interface LockstepOptions {
  readonly nc: Bus['nc'];
  readonly ns: string;
  /** Open times of the minutes to play, in order, with how many symbols have a candle in each. */
  readonly minutes: readonly { readonly ts: number; readonly candles: number }[];
  /** Plays the next minute on the exchange (the simulator's step). */
  readonly step: () => Promise<void>;
  readonly timeoutMs: number;
  /**
   * Least time between the starts of two minutes' play, in ms: a steady stream of candles, as a
   * live feed gives, for latency figures; default 0, as fast as the pipeline handles them.
   */
  readonly paceMs?: number;
  readonly onProgress?: (done: number, total: number, ts: number) => void;
  /** Runs right after a minute was played, before waiting for the pipeline (fault injection). */
  readonly afterStep?: (index: number) => Promise<void>;
  /** Milliseconds from the end of a minute's play (its candles closed) to each OrderAccepted. */
  readonly onOrderAccepted?: (latencyMs: number) => void;
  /**
   * Counts from the streams themselves: after a NATS restart the live subscriptions may have
   * missed events published while the runner was reconnecting. Used when progress stalls.
   */
  readonly recount?: (T: number) => Promise<{ readonly marks: number; readonly pending: readonly string[] }>;
}

/**
 * Lockstep: the exchange plays a minute only once the pipeline has handled the previous one,
 * that is, once risk marked the portfolio after each of its candles and every order request
 * it made has its outcome from execution. The pipeline then sees exactly what the backtest
 * sees, one candle at a time, which is what makes their trades comparable.
 */
export async function driveLockstep(options: LockstepOptions): Promise<void> {
  const marks = new Map<number, number>();
  let stepEnded = 0;
  let stepStarted = -Infinity;
  const watch = await watchPipeline(options.nc, options.ns, {
    onMarked: (T) => marks.set(T, (marks.get(T) ?? 0) + 1),
    onOrderAccepted: () => options.onOrderAccepted?.(performance.now() - stepEnded),
  });
  const { pending } = watch;
  try {
    const total = options.minutes.length;
    for (let i = 0; i < total; i++) {
      const minute = options.minutes[i]!;
      const T = minute.ts + 60_000;
      const due = stepStarted + (options.paceMs ?? 0);
      if (performance.now() < due) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
      stepStarted = performance.now();
      await options.step();
      stepEnded = performance.now();
      await options.afterStep?.(i);
      const deadline = Date.now() + options.timeoutMs;
      let recountAt = Date.now() + 2_000;
      while ((marks.get(T) ?? 0) < minute.candles || pending.size > 0) {
        if (options.recount && Date.now() > recountAt) {
          recountAt = Date.now() + 2_000;
          const counted = await options.recount(T);
          marks.set(T, Math.max(marks.get(T) ?? 0, counted.marks));
          pending.clear();
          for (const id of counted.pending) pending.add(id);
          continue;
        }
        if (Date.now() > deadline) {
          throw new Error(`lockstep: minute ${new Date(minute.ts).toISOString()} not handled after ${options.timeoutMs} ms (${marks.get(T) ?? 0}/${minute.candles} candles marked, ${pending.size} order requests without an outcome)`);
        }
        await watch.next();
      }
      marks.delete(T);
      options.onProgress?.(i + 1, total, minute.ts);
    }
  } finally {
    watch.close();
  }
}
