import { Progress } from './progress';

function sink(isTTY: boolean): { write(text: string): void; isTTY: boolean; text: () => string } {
  const parts: string[] = [];
  return { isTTY, write: (text: string) => void parts.push(text), text: () => parts.join('') };
}

describe('Progress', () => {
  it('shows nothing for a phase shorter than the delay', () => {
    const out = sink(true);
    let now = 0;
    const phase = new Progress(out, { now: () => now }).phase('folding');
    phase.update(50, 100);
    now = 900;
    phase.update(100, 100);
    phase.end();
    expect(out.text()).toBe('');
  });

  it('on a terminal redraws one line, at most every redrawMs, and ends it with a newline', () => {
    const out = sink(true);
    let now = 0;
    const phase = new Progress(out, { now: () => now, barWidth: 10 }).phase('folding', 'M candles', 1e6);
    for (let done = 0; done <= 2_000_000; done += 100_000) {
      now += 100 / 3; // 20 updates over ~670 ms, then more after the delay
      phase.update(done, 2_000_000);
    }
    now = 1_000;
    phase.update(1_000_000, 2_000_000);
    now = 1_050; // within redrawMs of the last draw: skipped
    phase.update(1_100_000, 2_000_000);
    now = 1_200;
    phase.update(1_500_000, 2_000_000);
    phase.end();
    const text = out.text();
    expect(text.match(/\r/g)).toHaveLength(3);
    expect(text).toContain('folding [#####-----]  50% 1.0/2.0 M candles 1.0s');
    expect(text).toContain('folding [########--]  75% 1.5/2.0 M candles 1.2s');
    expect(text).not.toContain(' 55%');
    expect(text.endsWith('folding [##########] 100% 2.0/2.0 M candles 1.2s\x1b[K\n')).toBe(true);
  });

  it('elsewhere prints a plain line per quarter at most', () => {
    const out = sink(false);
    let now = 1_000;
    const progress = new Progress(out, { now: () => now, delayMs: 0, redrawMs: 0, barWidth: 4 });
    const phase = progress.phase('loading');
    for (let done = 0; done <= 100; done++) {
      now += 50;
      phase.update(done, 100);
    }
    phase.end();
    const lines = out.text().trimEnd().split('\n');
    expect(lines.map((line) => line.replace(/ [\d.]+s$/, ''))).toEqual(['loading [#---]  25%', 'loading [##--]  50%', 'loading [###-]  75%', 'loading [####] 100%']);
    expect(out.text()).not.toContain('\r');
  });
});
