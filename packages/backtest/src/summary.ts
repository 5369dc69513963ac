import { DAY_MS } from '@mast/core';
import type { StrategyConfig } from '@mast/contracts';
import type { Metrics } from './metrics';

/** What `summary.json` holds: the run's inputs (range, symbols, config) and its figures. */
export interface BacktestSummary extends Metrics {
  readonly range: {
    /** `--from` as given (ISO, inclusive), null when absent. */
    readonly from: string | null;
    /** `--to` as given (ISO, exclusive), null when absent. */
    readonly to: string | null;
    /** Open time of the first candle used and of the last one (ISO). */
    readonly firstCandle: string | null;
    readonly lastCandle: string | null;
    readonly candles: number;
    readonly candlesPerSymbol: Readonly<Record<string, number>>;
    /** Days from the first candle's open to the last candle's close. */
    readonly days: number;
  };
  readonly symbols: readonly string[];
  readonly halted: boolean;
  readonly eventCounts: Readonly<Record<string, number>>;
  readonly equityCsvStepMinutes: number;
  readonly config: StrategyConfig;
}

export interface SummaryInput {
  readonly metrics: Metrics;
  readonly from?: number;
  readonly to?: number;
  readonly firstTs: number | null;
  readonly lastTs: number | null;
  readonly candles: number;
  readonly candlesPerSymbol: Readonly<Record<string, number>>;
  readonly halted: boolean;
  readonly eventCounts: Readonly<Record<string, number>>;
  readonly equityCsvStepMinutes: number;
  readonly config: StrategyConfig;
}

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export function buildSummary(input: SummaryInput): BacktestSummary {
  const { metrics } = input;
  return {
    range: {
      from: iso(input.from),
      to: iso(input.to),
      firstCandle: iso(input.firstTs),
      lastCandle: iso(input.lastTs),
      candles: input.candles,
      candlesPerSymbol: input.candlesPerSymbol,
      days: metrics.spanStart === null || metrics.spanEnd === null ? 0 : (metrics.spanEnd - metrics.spanStart) / DAY_MS,
    },
    symbols: input.config.symbols,
    ...metrics,
    halted: input.halted,
    eventCounts: input.eventCounts,
    equityCsvStepMinutes: input.equityCsvStepMinutes,
    config: input.config,
  };
}
