import type { Pool, PoolClient } from 'pg';
import type { Alert } from './alert';
import type { DeliveryMode } from './alert-kinds';
import { inTransaction } from '@mast/read-model';

/**
 * Delivery state in Postgres: one row per (destination, alert), written in the same transaction
 * as the consumer's checkpoint, marked sent once the API accepted the message. A redelivered event
 * finds its rows (or the checkpoint past it) and adds nothing; a restart picks up what was unsent.
 */

export interface OutboxRow {
  readonly destination: string;
  readonly alertId: string;
  readonly seq: number;
  readonly kind: string;
  readonly severity: string;
  readonly key: string;
  readonly mode: Exclude<DeliveryMode, 'off'>;
  readonly text: string;
  readonly enqueuedAt: number;
  readonly dueAt: number;
}

export interface Addressed {
  readonly alert: Alert;
  readonly destination: string;
  readonly mode: Exclude<DeliveryMode, 'off'>;
  readonly dueAt: number;
}

export interface OutboxStore {
  readonly schema: string;
  migrate(): Promise<void>;
  /**
   * Stores the addressed alerts of one event and moves the consumer's checkpoint to `seq`, in one
   * transaction; false (and nothing written) when the checkpoint was already at or past `seq`.
   */
  enqueue(consumer: string, seq: number, items: readonly Addressed[], now: number): Promise<boolean>;
  /** Alerts without a consumer checkpoint (summaries): their id alone makes them once-only. */
  enqueueOnce(items: readonly Addressed[], now: number): Promise<number>;
  /**
   * Unsent rows of a destination that are due, plus every unsent row sharing a key with one of
   * them (so repeats coalesce), critical first, then in arrival order.
   */
  due(destination: string, now: number, limit: number): Promise<OutboxRow[]>;
  /** The earliest due time of an unsent row, or null. */
  nextDue(destination: string): Promise<number | null>;
  markSent(destination: string, alertIds: readonly string[], at: number, messageId: string | null): Promise<void>;
  pending(destination?: string): Promise<number>;
  /** When messages went to a destination since `since` (one time per message), oldest first. */
  recentSends(destination: string, since: number): Promise<number[]>;
  /** Every row of a destination, sent or not, in arrival order (tests and tools). */
  all(destination: string): Promise<(OutboxRow & { readonly sentAt: number | null })[]>;
  checkpoint(consumer: string): Promise<number>;
  /**
   * Records which incarnation of the namespace's streams this outbox belongs to (their creation
   * times). When they differ from the stored ones the namespace was deleted and created again
   * (a new paper run, a replay): its sequences and event ids start over, so the old rows and
   * checkpoints are cleared. Returns whether it cleared them.
   */
  adoptIncarnation(incarnation: string): Promise<boolean>;
  /** Deletes sent rows older than `before`, keeping the table small. */
  prune(before: number): Promise<number>;
}

/** `mast_notifier_<ns>`, beside the read model's `mast_<ns>`. */
export function outboxSchemaName(ns: string): string {
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(ns)) throw new RangeError(`invalid namespace ${JSON.stringify(ns)}`);
  return `mast_notifier_${ns.replace(/-/g, '_')}`;
}

interface DbRow {
  destination: string;
  alert_id: string;
  seq: string;
  kind: string;
  severity: string;
  coalesce_key: string;
  mode: 'on' | 'silent';
  text: string;
  enqueued_at: string;
  due_at: string;
  sent_at: string | null;
}

const toRow = (r: DbRow): OutboxRow & { sentAt: number | null } => ({
  destination: r.destination,
  alertId: r.alert_id,
  seq: Number(r.seq),
  kind: r.kind,
  severity: r.severity,
  key: r.coalesce_key,
  mode: r.mode,
  text: r.text,
  enqueuedAt: Number(r.enqueued_at),
  dueAt: Number(r.due_at),
  sentAt: r.sent_at === null ? null : Number(r.sent_at),
});

export function createOutboxStore(pool: Pool, ns: string): OutboxStore {
  const schema = outboxSchemaName(ns);
  const outbox = `"${schema}".outbox`;
  const checkpoints = `"${schema}".checkpoints`;
  const meta = `"${schema}".meta`;

  const insertRows = async (client: Pool | PoolClient, items: readonly Addressed[], now: number): Promise<number> => {
    if (items.length === 0) return 0;
    const values: unknown[] = [];
    const tuples = items.map((item, i) => {
      const a = item.alert;
      values.push(item.destination, a.id, a.kind, a.severity, a.key, item.mode, a.text, now, item.dueAt);
      const b = i * 9;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9})`;
    });
    const result = await client.query(
      `insert into ${outbox} (destination, alert_id, kind, severity, coalesce_key, mode, text, enqueued_at, due_at) values ${tuples.join(', ')} on conflict (destination, alert_id) do nothing`,
      values,
    );
    return result.rowCount ?? 0;
  };

  return {
    schema,
    async migrate() {
      const client = await pool.connect();
      try {
        // Two instances starting at once must not race on CREATE: one migrates, the other waits.
        await client.query('select pg_advisory_lock(hashtext($1))', [schema]);
        await client.query(`create schema if not exists "${schema}"`);
        await client.query(`create table if not exists ${outbox} (
          destination text not null,
          alert_id text not null,
          seq bigserial not null,
          kind text not null,
          severity text not null,
          coalesce_key text not null,
          mode text not null,
          text text not null,
          enqueued_at bigint not null,
          due_at bigint not null,
          sent_at bigint,
          message_id text,
          primary key (destination, alert_id))`);
        await client.query(`create index if not exists outbox_unsent on ${outbox} (destination, due_at) where sent_at is null`);
        await client.query(`create table if not exists ${checkpoints} (consumer text primary key, seq bigint not null)`);
        await client.query(`create table if not exists ${meta} (key text primary key, value text not null)`);
      } finally {
        await client.query('select pg_advisory_unlock(hashtext($1))', [schema]).catch(() => undefined);
        client.release();
      }
    },
    enqueue: (consumer, seq, items, now) =>
      inTransaction(pool, async (client) => {
        await client.query(`insert into ${checkpoints} (consumer, seq) values ($1, 0) on conflict do nothing`, [consumer]);
        const { rows } = await client.query<{ seq: string }>(`select seq from ${checkpoints} where consumer = $1 for update`, [consumer]);
        // Already written up to here (a redelivery after a crash before the ack): nothing to add.
        if (Number(rows[0]?.seq ?? 0) >= seq) return false;
        await insertRows(client, items, now);
        await client.query(`update ${checkpoints} set seq = $2 where consumer = $1`, [consumer, seq]);
        return true;
      }),
    enqueueOnce: (items, now) => insertRows(pool, items, now),
    async due(destination, now, limit) {
      const { rows } = await pool.query<DbRow>(
        `select * from ${outbox} o
          where o.destination = $1 and o.sent_at is null
            and o.coalesce_key in (select coalesce_key from ${outbox} where destination = $1 and sent_at is null and due_at <= $2)
          order by (o.severity = 'critical') desc, o.seq
          limit $3`,
        [destination, now, limit],
      );
      return rows.map(toRow);
    },
    async nextDue(destination) {
      const { rows } = await pool.query<{ due: string | null }>(`select min(due_at) as due from ${outbox} where destination = $1 and sent_at is null`, [destination]);
      return rows[0]?.due == null ? null : Number(rows[0].due);
    },
    async markSent(destination, alertIds, at, messageId) {
      if (alertIds.length === 0) return;
      await pool.query(`update ${outbox} set sent_at = $3, message_id = $4 where destination = $1 and alert_id = any($2::text[]) and sent_at is null`, [destination, alertIds, at, messageId]);
    },
    async pending(destination) {
      const { rows } = await pool.query<{ n: number }>(
        `select count(*)::int as n from ${outbox} where sent_at is null${destination === undefined ? '' : ' and destination = $1'}`,
        destination === undefined ? [] : [destination],
      );
      return rows[0]?.n ?? 0;
    },
    async recentSends(destination, since) {
      const { rows } = await pool.query<{ at: string }>(
        `select max(sent_at) as at from ${outbox} where destination = $1 and sent_at >= $2 group by coalesce(message_id, alert_id) order by 1`,
        [destination, since],
      );
      return rows.map((r) => Number(r.at));
    },
    async all(destination) {
      const { rows } = await pool.query<DbRow>(`select * from ${outbox} where destination = $1 order by seq`, [destination]);
      return rows.map(toRow);
    },
    async checkpoint(consumer) {
      const { rows } = await pool.query<{ seq: string }>(`select seq from ${checkpoints} where consumer = $1`, [consumer]);
      return Number(rows[0]?.seq ?? 0);
    },
    adoptIncarnation: (incarnation) =>
      inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ value: string }>(`select value from ${meta} where key = 'incarnation' for update`);
        const known = rows[0]?.value;
        if (known === incarnation) return false;
        if (known !== undefined) {
          await client.query(`delete from ${outbox}`);
          await client.query(`delete from ${checkpoints}`);
        }
        await client.query(`insert into ${meta} (key, value) values ('incarnation', $1) on conflict (key) do update set value = excluded.value`, [incarnation]);
        return known !== undefined;
      }),
    async prune(before) {
      const result = await pool.query(`delete from ${outbox} where sent_at is not null and sent_at < $1`, [before]);
      return result.rowCount ?? 0;
    },
  };
}

/** Drops a namespace's outbox (tests, and a namespace that is deleted). */
export async function dropOutbox(pool: Pool, ns: string): Promise<void> {
  await pool.query(`drop schema if exists "${outboxSchemaName(ns)}" cascade`);
}
