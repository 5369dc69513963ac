export { CandleFileError, isCandleFileError } from './candle-file-error';
export { CandleCsvParser, CANDLE_CSV_COLUMNS, CANDLE_CSV_HEADER } from './candle-csv-parser';
export type { SymbolCandles, TimeRange } from './candle-csv-parser';
export { candleFileName, candleFilePath, readCandleFile } from './candle-file';
export { mergeCandles } from './merge-candles';
export { loadCandles } from './load-candles';
export type { LoadedCandles } from './load-candles';
export { readConfigFile, parseConfigText, resolveRunConfig } from './config-file';
export { parseCliArgs, parseTimeArg, UsageError, isUsageError, USAGE } from './cli-args';
export type { CliOptions } from './cli-args';
export {
  tradeStats,
  dailyReturns,
  mean,
  sampleStd,
  sharpeRatio,
  sortinoRatio,
  annualizedReturn,
  calmarRatio,
  coveredFraction,
  perSymbolStats,
  perReasonStats,
  computeMetrics,
  DAYS_PER_YEAR,
  EXIT_REASON_ORDER,
} from './metrics';
export type { TradeStats, SymbolStats, ReasonStats, MetricsInput, Metrics } from './metrics';
export { M4Downsampler, m4BucketWidth, downsampleCloses, downsampleRows, equityCsvStepMinutes, equityRows, EQUITY_CSV_MAX_ROWS } from './downsample';
export type { Series, EquityRows } from './downsample';
export {
  TRADE_FIELDS,
  OUTPUT_FILES,
  EQUITY_CSV_HEADER,
  tradesToJson,
  tradesToCsv,
  openPositionsToJson,
  equityToCsv,
  summaryToJson,
  writeOutputFiles,
} from './outputs';
export type { OutputFile } from './outputs';
export { buildSummary } from './summary';
export type { BacktestSummary, SummaryInput } from './summary';
export { renderReport } from './report-html';
export type { ReportInput } from './report-html';
export { formatSummaryTable } from './summary-table';
export { Progress, SILENT_PHASE } from './progress';
export type { ProgressSink, ProgressPhase, ProgressOptions } from './progress';
export { runBacktest, renderOutputs, NoCandlesError, isNoCandlesError, REPORT_POINTS_PER_SERIES } from './run-backtest';
export type { BacktestRunOptions, BacktestRun, BacktestTimings } from './run-backtest';
export { main, defaultOutDir, DEFAULT_DATA_DIR, EXIT_OK, EXIT_BAD_INPUT, EXIT_UNEXPECTED } from './cli-main';
export type { CliIo } from './cli-main';
export { renderSweepReport } from './sweep-report';
export type { SweepReportInput, SweepRow, SweepAxisInput } from './sweep-report';
export { renderCompareReport, diffTrades, summaryRows } from './compare-report';
export type { ComparedRun, TradeDifference } from './compare-report';
