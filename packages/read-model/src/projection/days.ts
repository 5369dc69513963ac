/**
 * Days in the read model are STRATEGY.md's: the UTC day of the open time of the candle that
 * decided. A decision at `T` (a candle close) belongs to the day of `T - 60_000`, so a trade
 * closed by the 23:59 candle (T = 00:00 next day) counts on the day it was decided.
 */
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** UTC day number of the candle that decided at `T` (or of an event time without a candle). */
export function decisionDay(T: number): number {
  return Math.floor((T - MINUTE_MS) / DAY_MS);
}

let lastDay = Number.NaN;
let lastDayString = '';

/** `YYYY-MM-DD` of a UTC day number, the `date` columns' form. */
export function dayString(day: number): string {
  // Events come in time order, so nearly every call asks for the day of the call before (a Date
  // and an ISO string per call were ~0.02 s of folding a 200,000-event rebuild).
  if (day !== lastDay) {
    lastDayString = new Date(day * DAY_MS).toISOString().slice(0, 10);
    lastDay = day;
  }
  return lastDayString;
}
