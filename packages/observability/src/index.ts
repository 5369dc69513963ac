// Config
export { loadServiceConfig, DEFAULT_ENV_PREFIX } from './load-service-config';
export type { LoadServiceConfigOptions, Environment } from './load-service-config';
export { secret, isSecretSchema } from './secret-field';
export { secretValues } from './secret-values';
export { describeConfigShape, assertDistinctEnvNames, toEnvSegment, VALUE_KINDS } from './config-fields';
export type { ConfigField, ConfigShape, ConfigShapeOptions, ValueKind } from './config-fields';
export { ServiceConfigError, isServiceConfigError, formatConfigIssue } from './service-config-error';
export type { ServiceConfigIssue } from './service-config-error';
export { ConfigSchemaError, isConfigSchemaError } from './config-schema-error';
export { exitOnConfigError, CONFIG_ERROR_EXIT_CODE } from './exit-on-config-error';
export type { TextSink } from './exit-on-config-error';
export { watchSecretFiles } from './watch-secret-files';
export type { WatchSecretFilesOptions, SecretFilesWatch } from './watch-secret-files';

// Logging
export { createLogger, messageLogger, logLevelSchema, LOG_LEVELS } from './create-logger';
export type { Logger, LogDestination, LogLevel, CreateLoggerOptions, MessageContext } from './create-logger';
export { REDACTED } from './redacted';
export { isSecretKey } from './secret-keys';
export { redactSecrets } from './redact-secrets';
export { scrubSecrets, createScrubber } from './scrub-secrets';
export type { Scrubber } from './scrub-secrets';

// Metrics
export { createMetrics, HANDLE_DURATION_BUCKETS, PENDING_READ_TIMEOUT_MS } from './create-metrics';
export type { Metrics, StandardMetrics, CreateMetricsOptions } from './create-metrics';
export { MAX_EVENT_TYPES, MAX_OUTCOMES, MAX_DEAD_LETTER_REASONS } from './bus-metrics-observer';
export type { BusMetricsObserver, BusMetricsScope } from './bus-metrics-observer';
export { METRIC_PREFIX, METRIC_KINDS, SERVICE_LABEL, metricNameProblems, assertMetricName, MetricNameError, isMetricNameError } from './metric-names';
export type { MetricKind } from './metric-names';
export { OTHER_LABEL_VALUE, createLabelGuard, toLabelToken } from './bounded-label';
export type { LabelGuard } from './bounded-label';

// Health and shutdown
export { startHealthServer, HEALTH_PATHS } from './health-server';
export type { HealthServer, HealthServerOptions } from './health-server';
export { runReadiness, CHECK_FAILURES } from './readiness';
export type { Readiness, ReadinessCheck, ReadinessReport, CheckFailure } from './readiness';
export { startEventLoopLagMonitor } from './event-loop-lag';
export type { EventLoopLagMonitor, EventLoopLagOptions } from './event-loop-lag';
export { onShutdown, DEFAULT_SHUTDOWN_TIMEOUT_MS } from './on-shutdown';
export type { Shutdown, ShutdownOptions, Closer, SignalSource } from './on-shutdown';
