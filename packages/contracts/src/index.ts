export {
  REGIMES,
  regimeSchema,
  strategyConfigSchema,
  DEFAULT_STRATEGY_CONFIG,
  deepMerge,
  ConfigError,
  isConfigError,
  toConfigIssues,
  resolveStrategyConfig,
} from './strategy-config';
export type { Regime, InstrumentSpec, StrategyConfig, ConfigIssue } from './strategy-config';

export { SYMBOL_PATTERN, MINUTE_MS, ORDER_LINK_ID_PATTERN, ORDER_SIDES, symbolSchema, epochMsSchema, requestIdSchema, orderSideSchema } from './events/fields';
export type { OrderSide } from './events/fields';
export type { EventSpec } from './events/event-spec';

export { candleClosedSchema, candleGapDetectedSchema, feedConnectedSchema, feedDisconnectedSchema, marketDataEvents } from './events/market-data';
export type { CandleClosedData, CandleGapDetectedData, FeedConnectedData, FeedDisconnectedData } from './events/market-data';

export { CROSS_DIRECTIONS, crossDirectionSchema, indicatorValuesSchema, emaCrossedSchema, regimeChangedSchema, entrySignalledSchema, candleAssessedSchema, signalEvents } from './events/signal';
export type { CrossDirection, IndicatorValues, EmaCrossedData, RegimeChangedData, EntrySignalledData, CandleAssessedData } from './events/signal';

export {
  EXIT_REASONS,
  exitReasonSchema,
  TRADING_STATES,
  tradingStateSchema,
  COOLDOWN_RULES,
  cooldownRuleSchema,
  ENTRY_REJECTION_REASONS,
  entryRejectionReasonSchema,
  ORDER_INTENTS,
  orderIntentSchema,
  ORDER_REASONS,
  orderReasonSchema,
  entryRejectedSchema,
  positionOpenedSchema,
  positionClosedSchema,
  cooldownStartedSchema,
  cooldownEndedSchema,
  tradingStateChangedSchema,
  sizeFactorChangedSchema,
  dailyLossLockedSchema,
  dailyLossUnlockedSchema,
  orderRequestedSchema,
  portfolioMarkedSchema,
  riskEvents,
} from './events/risk';
export type {
  ExitReason,
  TradingState,
  CooldownRule,
  EntryRejectionReason,
  OrderIntent,
  OrderReason,
  EntryRejectedData,
  PositionOpenedData,
  PositionClosedData,
  CooldownStartedData,
  CooldownEndedData,
  TradingStateChangedData,
  SizeFactorChangedData,
  DailyLossLockedData,
  DailyLossUnlockedData,
  OrderRequestedData,
  PortfolioMarkedData,
} from './events/risk';

export {
  orderAcceptedSchema,
  orderRejectedSchema,
  orderFilledSchema,
  balanceChangedSchema,
  RECONCILIATION_DRIFT_KINDS,
  reconciliationDriftKindSchema,
  reconciliationDriftFoundSchema,
  executionEvents,
} from './events/execution';
export type { OrderAcceptedData, OrderRejectedData, OrderFilledData, BalanceChangedData, ReconciliationDriftKind, ReconciliationDriftFoundData } from './events/execution';

export { entriesPausedSchema, entriesResumedSchema, flattenRequestedSchema, haltRequestedSchema, tradingResumedSchema, controlEvents } from './events/control';
export type { EntriesPausedData, EntriesResumedData, FlattenRequestedData, HaltRequestedData, TradingResumedData } from './events/control';

export { serviceStartedSchema, serviceStoppedSchema, messageDeadLetteredSchema, operatorCommandRefusedSchema, OPERATOR_CHANNELS, systemEvents } from './events/system';
export type { ServiceStartedData, ServiceStoppedData, MessageDeadLetteredData, OperatorCommandRefusedData, OperatorChannel } from './events/system';

export { EVENT_REGISTRY, EVENT_TYPES, isEventType } from './events/registry';
export type { EventType, EventData } from './events/registry';

export { envelopeMetaSchema, eventEnvelopeSchema } from './envelope';
export type { EnvelopeMeta, UncheckedEventEnvelope, EventEnvelope, EventOf, MastEvent } from './envelope';

export { EventValidationError, isEventValidationError } from './event-validation-error';
export type { EventIssue } from './event-validation-error';
export { parseEvent, parseEventOf, safeParseEvent } from './parse-event';
export type { SafeParseEventResult } from './parse-event';
export { makeEvent, eventFromDecision } from './make-event';
export type { EventFields, DecisionType, Decision } from './make-event';

export { candleEventId, decisionId, contentEventId, defaultEventId, orderRequestId, IdInputError, isIdInputError } from './ids';
export { stableJson } from './stable-json';

export { NAMESPACE_PATTERN, ANY, SubjectTokenError, isSubjectTokenError, isValidNamespace, assertNamespace } from './subject-tokens';
export type { Any } from './subject-tokens';
export { CONTEXTS, CONTROL_COMMANDS, SYSTEM_KINDS, EVENT_ROUTES, subjects, subjectForEvent } from './subjects';
export type { Context, ControlCommand, SystemKind, EventRoute, Subjects } from './subjects';
export { STREAM_MAX_AGE_DAYS, DUPLICATE_WINDOW_NS, streamName, streamDefinition, streamDefinitions, streamForEvent } from './streams';
export type { StreamDefinition, StreamOptions } from './streams';
export { SERVICES, consumerDefinitions, allConsumerDefinitions } from './consumers';
export type { ServiceName, ConsumerDefinition, ConsumerConfigDefinition } from './consumers';
export { seededRandom } from './seeded-random';
