import { streamName, type Context } from '@mast/contracts';
import type { Pool } from 'pg';
import { quoteIdent, schemaNameFor } from '../schema-names';
import { checkLimit, InvalidQueryError } from './query-errors';

/**
 * Time series and incremental reads for the dashboard, over the event trail and candles. The
 * trail's key is (stream, seq), so every query here names its stream: the scan stays on that
 * stream's rows instead of the whole log (candles are most of it).
 */

/** Per-candle events: every candle has one of each, so they are charted, never listed in the feed. */
export const PER_CANDLE_TYPES = ['CandleClosed', 'CandleAssessed', 'PortfolioMarked'] as const;

export interface SeriesRange {
  /** Epoch ms, inclusive; default the first point. */
  readonly from?: number;
  /** Epoch ms, exclusive; default after the last point. */
  readonly to?: number;
  /** At most this many points (the last one of each equal time bucket), 2..5000, default 500. */
  readonly points?: number;
}

export interface EquityPoint {
  /** `T` of the candle risk marked. */
  readonly t: number;
  readonly equity: number;
  readonly drawdown: number;
  readonly balance: number;
  readonly exposure: number;
}

export interface AssetPoint {
  readonly t: number;
  readonly close: number;
  readonly emaFast: number | null;
  readonly emaSlow: number | null;
}

export interface FeedEntry {
  readonly stream: string;
  readonly seq: number;
  readonly eventId: string;
  readonly type: string;
  readonly ts: number;
  readonly symbol: string | null;
  readonly source: string;
  readonly correlationId: string | null;
  readonly data: unknown;
}

export interface SymbolPnl {
  readonly symbol: string;
  readonly trades: number;
  readonly wins: number;
  readonly pnl: number;
  readonly fees: number;
}

export interface CloseSeries {
  readonly symbol: string;
  /** Open times (epoch ms) and closes of the symbol's latest candles, oldest first. */
  readonly ts: number[];
  readonly close: number[];
}

/** Where an incremental reader stopped: the last seq seen per stream. */
export type StreamCursors = Record<string, number>;

export interface TrailChanges {
  readonly rows: FeedEntry[];
  readonly cursors: StreamCursors;
  /** True when a stream had more new rows than one read takes: read again. */
  readonly more: boolean;
}

export interface SeriesQueries {
  equityCurve(range?: SeriesRange): Promise<EquityPoint[]>;
  assetSeries(symbol: string, range?: SeriesRange): Promise<AssetPoint[]>;
  /** The newest events that are not per-candle, newest first. */
  feed(options?: { readonly limit?: number }): Promise<FeedEntry[]>;
  /** Trade totals per symbol over the whole read model. */
  pnlBySymbol(): Promise<SymbolPnl[]>;
  /** The last `minutes` minutes of closes of every symbol, up to the latest candle in the model. */
  recentCloses(minutes: number): Promise<CloseSeries[]>;
  /** Trail rows after `cursors` (every stream of the namespace), in stream order, at most `limit` per stream. */
  trailSince(cursors: StreamCursors, options?: { readonly limit?: number }): Promise<TrailChanges>;
  /** The streams the trail holds rows of, with the last seq of each: where a live reader starts. */
  trailHeads(): Promise<StreamCursors>;
}

const FEED_STREAMS: readonly Context[] = ['md', 'sig', 'risk', 'exec', 'ctl', 'sys'];

function checkRange(range: SeriesRange): { from: number; to: number; points: number } {
  const points = range.points ?? 500;
  if (!Number.isInteger(points) || points < 2 || points > 5000) throw new InvalidQueryError(`points must be an integer 2..5000, was ${points}`);
  const from = range.from ?? 0;
  const to = range.to ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from >= to) throw new InvalidQueryError(`from must be before to (epoch ms), were ${from} and ${to}`);
  return { from, to, points };
}

interface TrailRowSql {
  stream: string;
  seq: string;
  event_id: string;
  type: string;
  ts: string;
  symbol: string | null;
  source: string;
  correlation_id: string | null;
  data: unknown;
}

const toFeedEntry = (row: TrailRowSql): FeedEntry => ({
  stream: row.stream,
  seq: Number(row.seq),
  eventId: row.event_id,
  type: row.type,
  ts: Number(row.ts),
  symbol: row.symbol,
  source: row.source,
  correlationId: row.correlation_id,
  data: row.data,
});

const TRAIL_COLUMNS = 'stream, seq, event_id, type, ts, symbol, source, correlation_id, data';

/** Series and incremental reads of a namespace's read model. */
export function readModelSeries(pool: Pool, ns: string): SeriesQueries {
  const schema = quoteIdent(schemaNameFor(ns));
  const trail = `${schema}.event_trail`;
  const stream = (context: Context) => streamName(ns, context);

  /**
   * The last point of each of `points` equal time buckets over the range. The bucket width needs
   * the data's own span when the range is open, so that is read first (on the same index range).
   */
  async function bucketed<R>(where: string, params: unknown[], select: string, range: SeriesRange, map: (row: Record<string, unknown>) => R): Promise<R[]> {
    const { from, to, points } = checkRange(range);
    const span = await pool.query<{ lo: string | null; hi: string | null }>(`SELECT min(ts) AS lo, max(ts) AS hi FROM ${trail} WHERE ${where} AND ts >= $${params.length + 1} AND ts < $${params.length + 2}`, [...params, from, to]);
    const lo = Number(span.rows[0]?.lo ?? NaN);
    const hi = Number(span.rows[0]?.hi ?? NaN);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
    const width = Math.max(1, Math.ceil((hi - lo + 1) / points));
    const { rows } = await pool.query(
      `SELECT DISTINCT ON ((ts - $${params.length + 1}) / $${params.length + 3}) ${select}
         FROM ${trail}
        WHERE ${where} AND ts >= $${params.length + 1} AND ts <= $${params.length + 2}
        ORDER BY (ts - $${params.length + 1}) / $${params.length + 3}, ts DESC, seq DESC`,
      [...params, lo, hi, width],
    );
    return rows.map(map);
  }

  return {
    equityCurve(range = {}) {
      return bucketed(
        `stream = $1 AND type = 'PortfolioMarked'`,
        [stream('risk')],
        `ts, (data->>'equity')::float8 AS equity, (data->>'drawdown')::float8 AS drawdown, (data->>'balance')::float8 AS balance, (data->>'exposure')::float8 AS exposure`,
        range,
        (row) => ({ t: Number(row.ts), equity: row.equity as number, drawdown: row.drawdown as number, balance: row.balance as number, exposure: row.exposure as number }),
      );
    },

    assetSeries(symbol, range = {}) {
      return bucketed(
        `stream = $1 AND symbol = $2 AND type = 'CandleAssessed'`,
        [stream('sig'), symbol],
        `ts, (data->'candle'->>'close')::float8 AS close, (data->'indicators'->>'emaFast')::float8 AS ema_fast, (data->'indicators'->>'emaSlow')::float8 AS ema_slow`,
        range,
        (row) => ({ t: Number(row.ts), close: row.close as number, emaFast: (row.ema_fast as number | null) ?? null, emaSlow: (row.ema_slow as number | null) ?? null }),
      );
    },

    async feed(options = {}) {
      const limit = checkLimit(options.limit, 50, 500);
      // Newest first per stream (a backward walk of the key), then merged by time.
      const parts = FEED_STREAMS.map(
        (_context, i) => `(SELECT ${TRAIL_COLUMNS} FROM ${trail} WHERE stream = $${i + 1} AND type <> ALL($${FEED_STREAMS.length + 1}::text[]) ORDER BY seq DESC LIMIT $${FEED_STREAMS.length + 2})`,
      );
      const { rows } = await pool.query<TrailRowSql>(`SELECT * FROM (${parts.join(' UNION ALL ')}) f ORDER BY ts DESC, stream, seq DESC LIMIT $${FEED_STREAMS.length + 2}`, [
        ...FEED_STREAMS.map(stream),
        [...PER_CANDLE_TYPES],
        limit,
      ]);
      return rows.map(toFeedEntry);
    },

    async pnlBySymbol() {
      const { rows } = await pool.query<{ symbol: string; trades: number; wins: number; pnl: number; fees: number }>(
        `SELECT symbol, count(*)::int AS trades, count(*) FILTER (WHERE pnl > 0)::int AS wins, sum(pnl)::float8 AS pnl, sum(fees)::float8 AS fees
           FROM ${schema}.trades GROUP BY symbol ORDER BY symbol COLLATE "C"`,
      );
      return rows;
    },

    async recentCloses(minutes) {
      if (!Number.isInteger(minutes) || minutes < 2 || minutes > 10_080) throw new InvalidQueryError(`minutes must be an integer 2..10080, was ${minutes}`);
      const { rows } = await pool.query<{ symbol: string; ts: string; close: number }>(
        `SELECT symbol, ts, close FROM ${schema}.candles
          WHERE ts > (SELECT max(ts) FROM ${schema}.candles) - $1::bigint * 60000
          ORDER BY symbol, ts`,
        [minutes],
      );
      const bySymbol = new Map<string, CloseSeries>();
      for (const row of rows) {
        let series = bySymbol.get(row.symbol);
        if (!series) bySymbol.set(row.symbol, (series = { symbol: row.symbol, ts: [], close: [] }));
        series.ts.push(Number(row.ts));
        series.close.push(row.close);
      }
      return [...bySymbol.values()];
    },

    async trailSince(cursors, options = {}) {
      const limit = checkLimit(options.limit, 2000, 20_000);
      const streams = FEED_STREAMS.map(stream);
      const parts = streams.map((_s, i) => `(SELECT ${TRAIL_COLUMNS} FROM ${trail} WHERE stream = $${2 * i + 1} AND seq > $${2 * i + 2} ORDER BY seq LIMIT ${limit + 1})`);
      const { rows } = await pool.query<TrailRowSql>(
        parts.join(' UNION ALL '),
        streams.flatMap((s) => [s, cursors[s] ?? 0]),
      );
      const next: StreamCursors = { ...cursors };
      const counts = new Map<string, number>();
      const kept: FeedEntry[] = [];
      for (const row of rows) {
        const n = (counts.get(row.stream) ?? 0) + 1;
        counts.set(row.stream, n);
        if (n > limit) continue;
        const entry = toFeedEntry(row);
        kept.push(entry);
        next[entry.stream] = Math.max(next[entry.stream] ?? 0, entry.seq);
      }
      return { rows: kept, cursors: next, more: [...counts.values()].some((n) => n > limit) };
    },

    async trailHeads() {
      const streams = FEED_STREAMS.map(stream);
      const { rows } = await pool.query<{ stream: string; seq: string | null }>(
        streams.map((_s, i) => `SELECT $${i + 1}::text AS stream, (SELECT max(seq) FROM ${trail} WHERE stream = $${i + 1}) AS seq`).join(' UNION ALL '),
        streams,
      );
      const heads: StreamCursors = {};
      for (const row of rows) heads[row.stream] = Number(row.seq ?? 0);
      return heads;
    },
  };
}
