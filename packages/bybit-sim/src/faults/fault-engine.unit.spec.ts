import { isSimulatorConfigError } from '../errors';
import { FaultEngine } from './fault-engine';
import { parseFaultRules } from './fault-rule';

describe('FaultEngine', () => {
  it('skips `after` matches, then fires `count` times', () => {
    const engine = new FaultEngine([{ kind: 'rateLimit', path: '/v5/order/create', after: 2, count: 2 }]);
    const fired = Array.from({ length: 6 }, () => engine.forRequest('/v5/order/create').length);
    expect(fired).toEqual([0, 0, 1, 1, 0, 0]);
    expect(engine.forRequest('/v5/order/cancel')).toEqual([]);
    expect(engine.state()[0]).toMatchObject({ matched: 6, fired: 2 });
  });

  it('matches path and topic prefixes ending in *, and WS rules only by channel', () => {
    const engine = new FaultEngine([
      { kind: 'httpError', path: '/v5/order/*' },
      { kind: 'duplicatePush', channel: 'private' },
      { kind: 'latency', topic: 'kline.*', ms: 5 },
    ]);
    expect(engine.forRequest('/v5/order/realtime').map((r) => r.kind)).toEqual(['httpError']);
    expect(engine.forRequest('/v5/position/list')).toEqual([]);
    expect(engine.forPush('private', 'order').map((r) => r.kind)).toEqual(['duplicatePush']);
    expect(engine.forPush('public', 'kline.1.BTCUSDT').map((r) => r.kind)).toEqual(['latency']);
    expect(engine.forPush('public', 'tickers.BTCUSDT')).toEqual([]);
  });

  it('draws probabilities from the seed: the same seed repeats, another differs', () => {
    const run = (seed: number) => {
      const engine = new FaultEngine([{ kind: 'rateLimit', probability: 0.3, seed }]);
      return Array.from({ length: 200 }, () => engine.forRequest('/x').length).join('');
    };
    expect(run(1)).toBe(run(1));
    expect(run(1)).not.toBe(run(2));
    const rate = run(1).split('').filter((c) => c === '1').length / 200;
    expect(rate).toBeGreaterThan(0.15);
    expect(rate).toBeLessThan(0.45);
  });

  it('rejects bad rules, naming every problem', () => {
    let error: unknown;
    try {
      parseFaultRules([{ kind: 'rateLimit', topic: 'order' }, { kind: 'dropConnection', path: '/v5/x', probability: 2 }, { kind: 'latency', extra: 1 }]);
    } catch (err) {
      error = err;
    }
    expect(isSimulatorConfigError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('faults[0]: rateLimit acts on REST requests');
    expect(message).toContain('faults[1]: dropConnection acts on WS pushes');
    expect(message).toContain('faults[1].probability');
    expect(message).toContain('faults[2].extra is not a known field');
    expect(message).toContain('faults[2].ms is required');
  });
});
