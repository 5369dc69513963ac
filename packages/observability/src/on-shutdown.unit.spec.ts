import { EventEmitter } from 'node:events';
import { createLogger } from './create-logger';
import type { ShutdownOptions } from './on-shutdown';
import { onShutdown } from './on-shutdown';

function harness(overrides: Partial<ShutdownOptions> = {}) {
  const signals = new EventEmitter();
  const exits: number[] = [];
  const lines: string[] = [];
  const logger = createLogger({ service: 's', level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  const options: ShutdownOptions = { logger, exit: (code) => void exits.push(code), signalSource: signals, timeoutMs: 1000, ...overrides };
  return { signals, exits, lines, options };
}

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('onShutdown', () => {
  it('runs every closer once, in reverse order of registration, then exits 0', async () => {
    const { signals, exits, options } = harness();
    const order: string[] = [];
    const closer = (name: string) => ({ name, close: async () => { await tick(5); order.push(name); } });
    const shutdown = onShutdown([closer('health'), closer('metrics')], options);
    shutdown.add('bus', closer('bus').close);
    signals.emit('SIGTERM', 'SIGTERM');
    const again = shutdown.shutdown('manual');
    expect(await again).toBe(0);
    expect(order).toEqual(['bus', 'metrics', 'health']);
    expect(exits).toEqual([0]);
    expect(await shutdown.shutdown('later')).toBe(0);
    expect(order).toHaveLength(3);
  });

  it('goes on past a failing closer and exits 1', async () => {
    const { exits, lines, options } = harness();
    const closed: string[] = [];
    const shutdown = onShutdown(
      [
        { name: 'first', close: () => void closed.push('first') },
        { name: 'broken', close: () => { throw new Error('pool already closed'); } },
      ],
      options,
    );
    expect(await shutdown.shutdown('test')).toBe(1);
    expect(closed).toEqual(['first']);
    expect(exits).toEqual([1]);
    expect(lines.join('')).toContain('pool already closed');
  });

  it('exits 1 when the closers outlast the timeout, naming the one that hangs', async () => {
    const { exits, lines, options } = harness({ timeoutMs: 50 });
    const closed: string[] = [];
    const shutdown = onShutdown([{ name: 'db', close: () => void closed.push('db') }, { name: 'bus', close: () => new Promise<void>(() => undefined) }], options);
    const started = performance.now();
    expect(await shutdown.shutdown('test')).toBe(1);
    expect(performance.now() - started).toBeLessThan(500);
    expect(exits).toEqual([1]);
    expect(closed).toEqual([]);
    const timedOut = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((r) => r['msg'] === 'shutdown timed out');
    expect(timedOut).toMatchObject({ closer: 'bus', timeoutMs: 50 });
  });

  it('listens to the configured signals only, and exits 1 at once on a second signal', async () => {
    const { signals, exits, options } = harness({ signals: ['SIGTERM'] });
    let release: () => void = () => undefined;
    const shutdown = onShutdown([{ name: 'slow', close: () => new Promise<void>((resolve) => { release = resolve; }) }], options);
    signals.emit('SIGINT', 'SIGINT');
    await tick();
    expect(exits).toEqual([]);
    signals.emit('SIGTERM', 'SIGTERM');
    await tick();
    expect(exits).toEqual([]);
    signals.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([1]);
    release();
    expect(await shutdown.shutdown('done')).toBe(0);
    expect(exits).toEqual([1]);
  });

  it('removes its signal listeners when done or disposed', async () => {
    const { signals, options } = harness();
    const shutdown = onShutdown([], options);
    expect(signals.listenerCount('SIGTERM')).toBe(1);
    expect(signals.listenerCount('SIGINT')).toBe(1);
    await shutdown.shutdown('test');
    expect(signals.listenerCount('SIGTERM')).toBe(0);
    const second = harness();
    const other = onShutdown([], second.options);
    expect(second.signals.listenerCount('SIGTERM')).toBe(1);
    other.dispose();
    expect(second.signals.listenerCount('SIGTERM')).toBe(0);
    expect(second.signals.listenerCount('SIGINT')).toBe(0);
  });

  it('closes a closer registered during shutdown right away', async () => {
    const { options } = harness();
    const closed: string[] = [];
    let release: () => void = () => undefined;
    const shutdown = onShutdown([{ name: 'slow', close: () => new Promise<void>((resolve) => { release = resolve; }) }], options);
    const done = shutdown.shutdown('test');
    shutdown.add('late', () => void closed.push('late'));
    await tick();
    expect(closed).toEqual(['late']);
    release();
    await done;
  });
});
