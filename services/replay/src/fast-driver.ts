import type { Bus, Publisher } from '@mast/bus';
import type { EventOf } from '@mast/contracts';
import { watchPipeline } from '@mast/paper';

export interface FastDriveOptions {
  readonly nc: Bus['nc'];
  readonly ns: string;
  readonly publisher: Publisher;
  /** The candles of each minute, in order. */
  readonly minutes: readonly (readonly EventOf<'CandleClosed'>[])[];
  /**
   * Indexes of the minutes at which orders are expected (where the backtest on the same candles
   * placed one): the run waits there until the pipeline handled that minute.
   */
  readonly syncMinutes: ReadonlySet<number>;
  /** Plays the simulated exchange's market through the minute that opened at `ts`. */
  readonly advanceMarketTo: (ts: number) => Promise<void>;
  /** Fails when nothing moved for this long. */
  readonly stallMs: number;
  readonly onProgress?: (marked: number, total: number, ts: number) => void;
}

/**
 * Fast mode: candles go out in bursts as fast as JetStream takes them, each burst ending at the
 * next minute where an order is expected. Before a burst the simulated exchange plays through its
 * last minute, and after it the run waits (as lockstep does for every minute) until risk marked
 * every candle and each order request has its outcome. So every order meets the exchange at the
 * price of the candle that decided it, and every exchange fact reaches risk before its next
 * decision, while the minutes in between cost no round trip.
 */
export async function driveFast(options: FastDriveOptions): Promise<void> {
  const { nc, ns, minutes } = options;
  const total = minutes.reduce((sum, m) => sum + m.length, 0);
  let marked = 0;
  let lastMarkT = 0;
  const watch = await watchPipeline(nc, ns, {
    onMarked: (T) => {
      marked++;
      lastMarkT = T;
    },
  });
  const { pending } = watch;
  let lastReport = 0;
  const report = () => {
    if (Date.now() - lastReport > 5000) {
      lastReport = Date.now();
      options.onProgress?.(marked, total, lastMarkT);
    }
  };
  const waitUntil = async (candles: number) => {
    const since = Date.now();
    while (marked < candles || pending.size > 0) {
      if (Date.now() - Math.max(since, watch.lastChange()) > options.stallMs) throw new Error(`fast replay: nothing moved for ${options.stallMs} ms (${marked}/${candles} candles marked, ${pending.size} order requests without an outcome)`);
      await watch.next();
      report();
    }
  };
  try {
    let sent = 0;
    for (let start = 0; start < minutes.length; ) {
      let end = start;
      while (end < minutes.length - 1 && !options.syncMinutes.has(end)) end++;
      const burst = minutes.slice(start, end + 1).flat();
      await options.advanceMarketTo(burst.at(-1)!.data.ts);
      for (let i = 0; i < burst.length; i += 5000) await options.publisher.publishMany(burst.slice(i, i + 5000));
      sent += burst.length;
      if (options.syncMinutes.has(end)) await waitUntil(sent);
      report();
      start = end + 1;
    }
    await waitUntil(total);
    options.onProgress?.(marked, total, lastMarkT);
  } finally {
    watch.close();
  }
}
