import { createHash } from 'node:crypto';
import type { Bus } from '@mast/bus';
import { streamDefinitions } from '@mast/contracts';

/**
 * A namespace's streams as they are stored: each stream's state and consumers, and a hash of
 * every message (sequence, subject, headers, payload bytes). Equal fingerprints before and after
 * a replay mean the replay changed nothing in that namespace.
 */
export async function namespaceFingerprint(bus: Bus, ns: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const { name } of streamDefinitions(ns)) {
    const info = await bus.jsm.streams.info(name);
    const { messages, bytes, first_seq, last_seq, first_ts, last_ts, consumer_count, num_deleted } = info.state;
    const consumers: string[] = [];
    for await (const c of bus.jsm.consumers.list(name)) consumers.push(`${c.name}:${c.delivered.stream_seq}:${c.ack_floor.stream_seq}`);
    const hash = createHash('sha256');
    for (let seq = first_seq; seq <= last_seq && messages > 0; seq++) {
      const m = await bus.jsm.streams.getMessage(name, { seq });
      if (!m) {
        hash.update(`${seq}|missing|`);
        continue;
      }
      hash.update(`${m.seq}|${m.subject}|${m.time.toISOString()}|`);
      if (m.header) for (const [k, v] of m.header) hash.update(`${k}=${v.join(',')}|`);
      hash.update(m.data);
    }
    out[name] = { messages, bytes, first_seq, last_seq, first_ts, last_ts, consumer_count, num_deleted, consumers: consumers.sort(), sha256: hash.digest('hex') };
  }
  return out;
}
