import { randomBytes } from 'node:crypto';
import { CONTEXTS, isValidNamespace, streamName } from '@mast/contracts';

/** Every replay namespace starts with this, so it can never be `live`, `paper` or a test's. */
export const REPLAY_PREFIX = 'replay-';

export class ReplayNameError extends Error {
  override readonly name = 'ReplayNameError';
}

/** Run names become namespaces (`replay-<name>`, at most 32 characters): lower-case letters, digits and `-`. */
export function replayNamespace(name: string): string {
  const ns = `${REPLAY_PREFIX}${name}`;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name) || !isValidNamespace(ns) || ns.length > 32) {
    throw new ReplayNameError(`--name must be 1-25 lower-case letters, digits or '-' (it becomes namespace ${REPLAY_PREFIX}<name>), was ${JSON.stringify(name)}`);
  }
  return ns;
}

export function isReplayNamespace(ns: string): boolean {
  return ns.startsWith(REPLAY_PREFIX) && isValidNamespace(ns);
}

/** A default run name that sorts by time: `20261125-0451-a3f9`. */
export function defaultRunName(now: Date): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/**
 * The replay namespace a stream belongs to, found by mapping the name back through contracts'
 * own builder (`streamName`), so only a name that builder makes for a replay namespace counts.
 */
export function replayNamespaceOfStream(stream: string): string | null {
  for (const context of CONTEXTS) {
    const head = streamName('replay-x', context).slice(0, 'REPLAY_'.length);
    const tail = `_${context.toUpperCase()}`;
    if (!stream.startsWith(head) || !stream.endsWith(tail)) continue;
    const ns = stream.slice(0, -tail.length).toLowerCase().replace(/_/g, '-');
    if (isReplayNamespace(ns) && streamName(ns, context) === stream) return ns;
  }
  return null;
}
