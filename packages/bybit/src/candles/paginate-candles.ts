import { ONE_MINUTE_MS } from './closed-candle';
import type { ClosedCandle } from './closed-candle';

/** Fetches the candles whose open time lies in [startTs, endTs]; at most `limit` of them. */
export type CandleWindowFetcher = (startTs: number, endTs: number, limit: number) => Promise<readonly ClosedCandle[]>;

export const KLINE_PAGE_LIMIT = 1000;

/**
 * Walks [sinceTs, untilTs] (open times, both inclusive) in windows of exactly `pageSize`
 * minutes. A window never holds more candles than one page, so it does not matter whether the
 * exchange fills a page from `start` forwards or from `end` backwards (Bybit does the latter).
 * The result is sorted by ts, one candle per ts, inside the range.
 *
 * A listed perpetual has a candle for every minute, so a window with none means the data ends
 * there (we reached the present): paging stops, even if `untilTs` is later. That bounds the
 * work when the server clock and the candle clock disagree (the simulator replays old candles
 * under a wall-clock `market/time`). Callers start at or after the listing time.
 */
export async function fetchCandleRange(
  fetchWindow: CandleWindowFetcher,
  sinceTs: number,
  untilTs: number,
  pageSize: number = KLINE_PAGE_LIMIT,
): Promise<ClosedCandle[]> {
  const first = Math.ceil(sinceTs / ONE_MINUTE_MS) * ONE_MINUTE_MS;
  const last = Math.floor(untilTs / ONE_MINUTE_MS) * ONE_MINUTE_MS;
  const byTs = new Map<number, ClosedCandle>();
  for (let windowStart = first; windowStart <= last; windowStart += pageSize * ONE_MINUTE_MS) {
    const windowLast = Math.min(last, windowStart + (pageSize - 1) * ONE_MINUTE_MS);
    // `end` inside the last candle's minute: right whether the exchange's end is inclusive or not.
    const page = await fetchWindow(windowStart, windowLast + ONE_MINUTE_MS - 1, pageSize);
    let inWindow = 0;
    for (const candle of page) {
      if (candle.ts < windowStart || candle.ts > windowLast) continue;
      byTs.set(candle.ts, candle);
      inWindow += 1;
    }
    if (inWindow === 0) break;
  }
  return [...byTs.values()].sort((a, b) => a.ts - b.ts);
}

/** Open time of the newest closed candle at server time `nowTs`. */
export function lastClosedCandleTs(nowTs: number): number {
  return Math.floor(nowTs / ONE_MINUTE_MS) * ONE_MINUTE_MS - ONE_MINUTE_MS;
}
