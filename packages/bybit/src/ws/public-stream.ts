import type { Logger } from 'pino';
import { addCandles, emptySequence, holeOf, skipHole } from '../candles/candle-sequencer';
import type { CandleGap, CandleSequence } from '../candles/candle-sequencer';
import { ONE_MINUTE_MS } from '../candles/closed-candle';
import type { ClosedCandle } from '../candles/closed-candle';
import { childLogger } from '../logging/bybit-logger';
import { backoffDelayMs } from '../rest/backoff';
import type { BybitRest } from '../rest/bybit-rest';
import { describeIssues, isReply, klineFrameSchema, opReplySchema, tickerFrameSchema } from './frames';
import { createReconnectingSocket } from './reconnecting-socket';
import { TypedEmitter } from './typed-emitter';
import type { Subscribable } from './typed-emitter';

export interface Ticker {
  readonly symbol: string;
  readonly ts: number;
  readonly lastPrice: number | undefined;
  readonly markPrice: number | undefined;
  readonly indexPrice: number | undefined;
  readonly bid1Price: number | undefined;
  readonly ask1Price: number | undefined;
  readonly fundingRate: number | undefined;
  readonly nextFundingTime: number | undefined;
}

export interface PublicStreamEvents {
  /** A closed candle; per symbol strictly increasing by one minute, each once. */
  candle: ClosedCandle;
  ticker: Ticker;
  /** Candles the exchange could not supply even by REST; the stream continues after them. */
  gap: CandleGap;
  up: { readonly reconnect: boolean };
  down: { readonly reason: string };
  /** A failure the stream recovers from by itself (backfill or subscribe failed). */
  error: { readonly error: Error };
}

export interface PublicStreamStats {
  readonly malformed: number;
  readonly dropped: number;
  readonly backfilled: number;
  readonly gaps: number;
  readonly connections: number;
}

export interface PublicStream extends Subscribable<PublicStreamEvents> {
  start(): void;
  close(): Promise<void>;
  stats(): PublicStreamStats;
  /** Frames skipped because they were not JSON or did not have the expected shape. */
  readonly malformedCount: number;
  /** Open time of the last candle emitted for `symbol`. */
  lastEmittedTs(symbol: string): number | undefined;
  /** Resolves when no candle work (live or backfill) is queued. */
  idle(): Promise<void>;
  /** Drops the connection now (the stream reconnects and backfills); for operators and tests. */
  reconnect(reason: string): void;
}

export interface PublicStreamOptions {
  readonly url: string;
  readonly symbols: readonly string[];
  /** REST source of missed candles after a reconnect or a hole. */
  readonly backfill: Pick<BybitRest, 'fetchClosedCandles'>;
  readonly logger: Logger;
  readonly tickers?: boolean;
  /**
   * Per symbol, the open time of the last candle the consumer already has: the stream resumes
   * right after it and backfills what it missed. Without it, a symbol starts with the first
   * closed candle pushed after connecting.
   */
  readonly resumeAfter?: Readonly<Record<string, number>>;
  readonly pingIntervalMs?: number;
  readonly staleAfterMs?: number;
  readonly handshakeTimeoutMs?: number;
  readonly reconnectBackoff?: { readonly baseMs: number; readonly maxMs: number };
  /** Between backfill attempts that failed or left a hole. */
  readonly backfillBackoff?: { readonly baseMs: number; readonly maxMs: number };
  /** Backfills that may leave the same hole before it is declared a gap. */
  readonly holeAttempts?: number;
  /**
   * After a (re)connect the catch-up backfill waits for the first kline push, which tells which
   * candles have closed; with no push for this long it falls back to the server clock. Bybit
   * pushes every 1-60 s. Default 65 s.
   */
  readonly firstPushTimeoutMs?: number;
  readonly random?: () => number;
  readonly onMalformed?: (reason: string, raw: string) => void;
}

interface SymbolState {
  sequence: CandleSequence;
  queue: Promise<void>;
  failedBackfills: number;
  holeKey: string | undefined;
  holeTries: number;
  retryTimer: NodeJS.Timeout | undefined;
  /** Set on each (re)connect until the first kline push of the new connection. */
  awaitingFirstPush: boolean;
  /** Newest open time known closed for the catch-up backfill; undefined: ask the server clock. */
  catchUpUntil: number | undefined;
}

const MAX_RAW_IN_LOG = 300;

/**
 * The public linear stream: closed 1-minute candles (and optionally tickers) for a set of
 * symbols. After every (re)connect, and whenever a pushed candle reveals a hole, the missed
 * candles are fetched by REST, so consumers see one gap-free, duplicate-free series per symbol.
 */
export function createPublicStream(options: PublicStreamOptions): PublicStream {
  const log = childLogger(options.logger, 'bybit-ws-public');
  const random = options.random ?? Math.random;
  const pingIntervalMs = options.pingIntervalMs ?? 20_000;
  const backfillBackoff = options.backfillBackoff ?? { baseMs: 1_000, maxMs: 30_000 };
  const holeAttempts = options.holeAttempts ?? 3;
  const emitter = new TypedEmitter<PublicStreamEvents>((event, error) => log.error({ event, error: String(error) }, 'listener threw'));
  const stats = { malformed: 0, dropped: 0, backfilled: 0, gaps: 0, connections: 0 };
  const tickers = new Map<string, Ticker>();
  let closed = false;
  let reqId = 0;
  let firstPushTimer: NodeJS.Timeout | undefined;

  const states = new Map<string, SymbolState>();
  for (const symbol of options.symbols) {
    const after = options.resumeAfter?.[symbol];
    states.set(symbol, {
      sequence: emptySequence(after === undefined ? undefined : after + ONE_MINUTE_MS),
      queue: Promise.resolve(),
      failedBackfills: 0,
      holeKey: undefined,
      holeTries: 0,
      retryTimer: undefined,
      awaitingFirstPush: false,
      catchUpUntil: undefined,
    });
  }

  const malformed = (reason: string, raw: string): void => {
    stats.malformed += 1;
    log.warn({ reason, raw: raw.slice(0, MAX_RAW_IN_LOG) }, 'malformed frame skipped');
    try {
      options.onMalformed?.(reason, raw);
    } catch (error) {
      log.error({ error: String(error) }, 'onMalformed hook threw');
    }
  };

  const enqueue = (symbol: string, task: (state: SymbolState) => Promise<void> | void): void => {
    const state = states.get(symbol);
    if (state === undefined) return;
    state.queue = state.queue
      .then(() => (closed ? undefined : task(state)))
      .catch((error: unknown) => log.error({ symbol, error: String(error) }, 'candle task failed'));
  };

  const emitAll = (candles: readonly ClosedCandle[]): void => {
    for (const c of candles) emitter.emit('candle', c);
  };

  const scheduleBackfill = (symbol: string, state: SymbolState, retry: number): void => {
    if (closed || state.retryTimer !== undefined) return;
    const delay = backoffDelayMs(retry, backfillBackoff, random);
    state.retryTimer = setTimeout(() => {
      state.retryTimer = undefined;
      enqueue(symbol, (s) => backfill(symbol, s));
    }, delay);
  };

  /**
   * Fetches the missed candles: up to the one before a waiting live candle (a hole), or up to
   * the newest known closed (catch-up after a connect). Both bounds come from the stream itself,
   * so a candle still forming is never fetched as if closed, whatever the server clock says.
   */
  async function backfill(symbol: string, state: SymbolState): Promise<void> {
    const from = state.sequence.nextTs;
    if (from === undefined) return;
    const until = holeOf(symbol, state.sequence)?.toTs ?? state.catchUpUntil;
    if (until !== undefined && until < from) return;
    let fetched: ClosedCandle[];
    try {
      fetched = await options.backfill.fetchClosedCandles(symbol, from, until);
    } catch (error) {
      state.failedBackfills += 1;
      const err = error instanceof Error ? error : new Error(String(error));
      log.warn({ symbol, fromTs: from, error: err.message, attempt: state.failedBackfills }, 'candle backfill failed, will retry');
      emitter.emit('error', { error: err });
      scheduleBackfill(symbol, state, state.failedBackfills - 1);
      return;
    }
    state.failedBackfills = 0;
    if (closed) return;
    const waiting = new Set(state.sequence.pending.map((c) => c.ts));
    const step = addCandles(state.sequence, fetched);
    state.sequence = step.sequence;
    stats.dropped += step.dropped;
    stats.backfilled += step.emitted.filter((c) => !waiting.has(c.ts)).length;
    if (step.emitted.length > 0) log.info({ symbol, count: step.emitted.length, fromTs: from }, 'candles caught up by REST');
    emitAll(step.emitted);
    settleHole(symbol, state);
  }

  /**
   * A hole that a backfill did not fill is retried a few times (REST may lag the stream by a
   * moment) and then declared a gap, so one missing candle cannot stall the series for good.
   */
  function settleHole(symbol: string, state: SymbolState): void {
    const hole = holeOf(symbol, state.sequence);
    if (hole === undefined) {
      state.holeKey = undefined;
      state.holeTries = 0;
      return;
    }
    const key = `${hole.fromTs}-${hole.toTs}`;
    state.holeTries = state.holeKey === key ? state.holeTries + 1 : 1;
    state.holeKey = key;
    if (state.holeTries < holeAttempts) {
      scheduleBackfill(symbol, state, state.holeTries - 1);
      return;
    }
    const step = skipHole(symbol, state.sequence);
    state.sequence = step.sequence;
    state.holeKey = undefined;
    state.holeTries = 0;
    if (step.gap !== undefined) {
      stats.gaps += 1;
      log.error({ ...step.gap }, 'candles missing on the exchange, continuing after the gap');
      emitter.emit('gap', step.gap);
    }
    emitAll(step.emitted);
  }

  function onLiveCandle(candle: ClosedCandle): void {
    enqueue(candle.symbol, async (state) => {
      const step = addCandles(state.sequence, [candle]);
      state.sequence = step.sequence;
      stats.dropped += step.dropped;
      emitAll(step.emitted);
      if (holeOf(candle.symbol, state.sequence) !== undefined && state.retryTimer === undefined) await backfill(candle.symbol, state);
    });
  }

  function onTicker(frame: ReturnType<typeof tickerFrameSchema.parse>): void {
    const d = frame.data;
    const previous = frame.type === 'delta' ? tickers.get(d.symbol) : undefined;
    if (frame.type === 'delta' && previous === undefined) return; // a delta needs its snapshot first
    const merged: Ticker = {
      symbol: d.symbol,
      ts: frame.ts,
      lastPrice: d.lastPrice ?? previous?.lastPrice,
      markPrice: d.markPrice ?? previous?.markPrice,
      indexPrice: d.indexPrice ?? previous?.indexPrice,
      bid1Price: d.bid1Price ?? previous?.bid1Price,
      ask1Price: d.ask1Price ?? previous?.ask1Price,
      fundingRate: d.fundingRate ?? previous?.fundingRate,
      nextFundingTime: d.nextFundingTime ?? previous?.nextFundingTime,
    };
    tickers.set(d.symbol, merged);
    emitter.emit('ticker', merged);
  }

  function onMessage(message: unknown, raw: string): void {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return malformed('not an object', raw);
    if ('op' in message) {
      const reply = opReplySchema.safeParse(message);
      if (!reply.success) return malformed(`op reply: ${describeIssues(reply.error)}`, raw);
      if (reply.data.success === false) log.warn({ op: reply.data.op, retMsg: reply.data.ret_msg }, 'op refused');
      return;
    }
    const topic = (message as { topic?: unknown }).topic;
    if (typeof topic === 'string' && topic.startsWith('kline.')) {
      const frame = klineFrameSchema.safeParse(message);
      if (!frame.success) return malformed(`kline: ${describeIssues(frame.error)}`, raw);
      const symbol = frame.data.topic.slice('kline.1.'.length);
      const state = states.get(symbol);
      if (state === undefined) return malformed(`kline for unsubscribed ${symbol}`, raw);
      const first = frame.data.data[0];
      if (state.awaitingFirstPush && first !== undefined) {
        // Every candle before the one this push is about has closed (a confirm:true push of it
        // comes through the live path): catch up to there.
        state.awaitingFirstPush = false;
        state.catchUpUntil = Number(first.start) - ONE_MINUTE_MS;
        enqueue(symbol, (s) => backfill(symbol, s));
      }
      for (const k of frame.data.data) {
        if (!k.confirm) continue;
        onLiveCandle({ symbol, ts: Number(k.start), open: Number(k.open), high: Number(k.high), low: Number(k.low), close: Number(k.close), volume: Number(k.volume) });
      }
      return;
    }
    if (typeof topic === 'string' && topic.startsWith('tickers.')) {
      const frame = tickerFrameSchema.safeParse(message);
      if (!frame.success) return malformed(`tickers: ${describeIssues(frame.error)}`, raw);
      onTicker(frame.data);
      return;
    }
    malformed('unknown frame', raw);
  }

  const topics = options.symbols.flatMap((s) => (options.tickers === true ? [`kline.1.${s}`, `tickers.${s}`] : [`kline.1.${s}`]));

  const socket = createReconnectingSocket({
    name: 'bybit public stream',
    url: options.url,
    logger: log,
    pingIntervalMs,
    staleAfterMs: options.staleAfterMs ?? pingIntervalMs * 2 + 5_000,
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
    backoff: options.reconnectBackoff ?? { baseMs: 500, maxMs: 30_000 },
    random,
    pingFrame: () => ({ req_id: String(++reqId), op: 'ping' }),
    async handshake(session) {
      tickers.clear(); // deltas after a reconnect need a fresh snapshot
      const id = String(++reqId);
      const ack = opReplySchema.parse(
        await session.request({ req_id: id, op: 'subscribe', args: topics }, (m) => isReply(m, 'subscribe', id), 10_000),
      );
      if (ack.success !== true) throw new Error(`subscribe refused: ${ack.ret_msg ?? 'no reason given'}`);
    },
    onMessage,
    onMalformed: malformed,
    onUp(reconnect) {
      stats.connections += 1;
      log.info({ reconnect, topics: topics.length }, 'public stream up');
      emitter.emit('up', { reconnect });
      for (const state of states.values()) state.awaitingFirstPush = true;
      clearTimeout(firstPushTimer);
      firstPushTimer = setTimeout(() => {
        for (const [symbol, state] of states) {
          if (!state.awaitingFirstPush) continue;
          state.awaitingFirstPush = false;
          state.catchUpUntil = undefined;
          enqueue(symbol, (s) => backfill(symbol, s));
        }
      }, options.firstPushTimeoutMs ?? 65_000);
    },
    onDown(reason) {
      clearTimeout(firstPushTimer);
      log.warn({ reason }, 'public stream down');
      emitter.emit('down', { reason });
    },
    onHandshakeError(error) {
      const err = error instanceof Error ? error : new Error(String(error));
      log.warn({ error: err.message }, 'public stream handshake failed');
      emitter.emit('error', { error: err });
    },
  });

  return {
    on: (event, listener) => emitter.on(event, listener),
    start: () => socket.start(),
    async close() {
      closed = true;
      clearTimeout(firstPushTimer);
      for (const state of states.values()) clearTimeout(state.retryTimer);
      await socket.close();
      await Promise.all([...states.values()].map((s) => s.queue));
    },
    stats: () => ({ ...stats }),
    get malformedCount() {
      return stats.malformed;
    },
    lastEmittedTs(symbol) {
      const next = states.get(symbol)?.sequence.nextTs;
      return next === undefined ? undefined : next - ONE_MINUTE_MS;
    },
    async idle() {
      for (;;) {
        const queues = [...states.values()].map((s) => s.queue);
        await Promise.all(queues);
        if ([...states.values()].every((s, i) => s.queue === queues[i])) return;
      }
    },
    reconnect: (reason) => socket.reconnect(reason),
  };
}
