import { streamDefinitions } from '@mast/contracts';
import { defaultRunName, isReplayNamespace, ReplayNameError, replayNamespace, replayNamespaceOfStream } from './namespace';

describe('replay namespaces', () => {
  test('a run name becomes replay-<name>, never another namespace', () => {
    expect(replayNamespace('my-run-1')).toBe('replay-my-run-1');
    for (const bad of ['', 'Live', 'a_b', 'a.b', '-x', 'x'.repeat(26)]) expect(() => replayNamespace(bad)).toThrow(ReplayNameError);
    expect(isReplayNamespace('live')).toBe(false);
    expect(isReplayNamespace('paper')).toBe(false);
  });

  test('default names are valid and distinct', () => {
    const a = defaultRunName(new Date(Date.UTC(2026, 10, 25, 4, 51)));
    expect(a).toMatch(/^20261125-0451-[0-9a-f]{4}$/);
    expect(replayNamespace(a)).toBe(`replay-${a}`);
  });

  test('garbage collection recognises exactly the streams of replay namespaces', () => {
    for (const def of streamDefinitions('replay-20261125-0451-ab12')) expect(replayNamespaceOfStream(def.name)).toBe('replay-20261125-0451-ab12');
    for (const ns of ['live', 'paper', 't-live-abc', 'replayx']) for (const def of streamDefinitions(ns)) expect(replayNamespaceOfStream(def.name)).toBeNull();
    expect(replayNamespaceOfStream('KV_leases')).toBeNull();
  });
});
