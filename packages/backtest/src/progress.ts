/**
 * Progress on stderr for the slow phases (loading, folding). Nothing is shown for a phase that
 * ends within a second. On a terminal one line is redrawn at most every 100 ms; elsewhere (a log,
 * CI) a plain line at each quarter, so a long run leaves a few lines, not thousands.
 * `update` is called from hot loops: between redraws it costs a clock read and a compare.
 */

export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressPhase {
  update(done: number, total: number): void;
  end(): void;
}

export interface ProgressOptions {
  /** Milliseconds clock; injectable for tests. */
  readonly now?: () => number;
  /** Show nothing before this many ms into a phase. */
  readonly delayMs?: number;
  readonly redrawMs?: number;
  readonly barWidth?: number;
}

/** A phase that shows nothing, for runs without a progress display (benchmarks, tests). */
export const SILENT_PHASE: ProgressPhase = Object.freeze({ update() {}, end() {} });

export class Progress {
  private readonly now: () => number;
  private readonly delayMs: number;
  private readonly redrawMs: number;
  private readonly barWidth: number;

  constructor(
    private readonly sink: ProgressSink,
    options: ProgressOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.delayMs = options.delayMs ?? 1000;
    this.redrawMs = options.redrawMs ?? 100;
    this.barWidth = options.barWidth ?? 28;
  }

  /** `unit` names what is counted ("MB", "M candles"); counts are divided by `scale` for display. */
  phase(label: string, unit = '', scale = 1): ProgressPhase {
    const { sink, now, delayMs, redrawMs, barWidth } = this;
    const tty = sink.isTTY === true;
    const started = now();
    let nextDraw = started + delayMs;
    let drawn = false;
    let quarter = 0;
    let lastDone = 0;
    let lastTotal = 0;

    const amount = (n: number): string => {
      const v = n / scale;
      return v >= 100 ? v.toFixed(0) : v.toFixed(1);
    };
    const render = (done: number, total: number, t: number): string => {
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(fraction * barWidth);
      const counts = unit ? ` ${amount(done)}/${amount(total)} ${unit}` : '';
      const elapsed = ((t - started) / 1000).toFixed(1);
      return `${label} [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%${counts} ${elapsed}s`;
    };

    return {
      update(done: number, total: number): void {
        lastDone = done;
        lastTotal = total;
        const t = now();
        if (t < nextDraw) return;
        nextDraw = t + redrawMs;
        if (tty) {
          sink.write(`\r${render(done, total, t)}\x1b[K`);
          drawn = true;
          return;
        }
        const q = total > 0 ? Math.floor((done / total) * 4) : 0;
        if (q > quarter && q < 4) {
          quarter = q;
          sink.write(`${render(done, total, t)}\n`);
          drawn = true;
        }
      },
      end(): void {
        const t = now();
        if (!drawn && t - started < delayMs) return;
        const total = lastTotal || lastDone;
        sink.write(tty ? `\r${render(total, total, t)}\x1b[K\n` : `${render(total, total, t)}\n`);
      },
    };
  }
}
