export { startSimulator, PUBLIC_WS_PATH, PRIVATE_WS_PATH } from './simulator';
export type {
  SimulatorOptions, MarketOptions, Simulator, SimulatorState, WalletView, PositionView, OrderView, ConnectionKind,
} from './options';
export { loadCandleFile, loadCandleDir, toCandleColumns, MINUTE_MS } from './candles';
export type { CandleSeries, CandleRow, CandleColumns, CandleColumnsInput } from './candles';
export { DEFAULT_INSTRUMENTS, InstrumentStatus } from './instruments';
export type { InstrumentDef } from './instruments';
export type { AccountDef } from './exchange/account';
export { FaultKind, WsChannel, parseFaultRules } from './faults/fault-rule';
export type { FaultRule } from './faults/fault-rule';
export type { FaultRuleState } from './faults/fault-engine';
export type { MarketSpeed } from './market/driver';
export { pricePath } from './market/price-path';
export type { PathPoint, PathOrder } from './market/price-path';
export { RetCode, BybitError, isBybitError } from './exchange/bybit-error';
export { SimulatorConfigError, SimulatorStateError, isSimulatorConfigError, isSimulatorStateError } from './errors';
export { hmacSha256Hex, wsAuthSignature } from './http/signature';
