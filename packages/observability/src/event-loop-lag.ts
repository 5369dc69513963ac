export interface EventLoopLagMonitor {
  /** The largest lag sampled within the window, in milliseconds. */
  lagMs(): number;
  stop(): void;
}

export interface EventLoopLagOptions {
  readonly intervalMs?: number;
  /** How long a late sample counts; one probe period or so, so a probe cannot miss a stall. */
  readonly windowMs?: number;
  readonly now?: () => number;
}

/**
 * Measures how late a timer fires: a loop kept busy by synchronous work or long GC pauses fires it
 * late. The timer is unref'd so it never keeps a process alive.
 */
export function startEventLoopLagMonitor(options: EventLoopLagOptions = {}): EventLoopLagMonitor {
  const intervalMs = options.intervalMs ?? 500;
  const windowMs = options.windowMs ?? 5000;
  const now = options.now ?? (() => performance.now());
  let last = now();
  let samples: { readonly at: number; readonly lag: number }[] = [];
  const timer = setInterval(() => {
    const t = now();
    samples = samples.filter((s) => t - s.at <= windowMs);
    samples.push({ at: t, lag: Math.max(0, t - last - intervalMs) });
    last = t;
  }, intervalMs);
  timer.unref();
  return {
    lagMs: () => {
      const t = now();
      return samples.reduce((max, s) => (t - s.at <= windowMs && s.lag > max ? s.lag : max), 0);
    },
    stop: () => clearInterval(timer),
  };
}
