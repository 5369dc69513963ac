/**
 * Instrument definitions (USDT linear perpetuals) and their numeric form. The defaults carry the
 * filters of BYBIT_V5.md §7; Bybit re-sets the max quantities twice a month, so they are config.
 */
import { decimalsOf } from './decimal';
import { SimulatorConfigError } from './errors';

export const InstrumentStatus = { TRADING: 'Trading', PRE_LAUNCH: 'PreLaunch' } as const;
export type InstrumentStatus = (typeof InstrumentStatus)[keyof typeof InstrumentStatus];

/** One instrument as the options give it: decimals as strings, exactly as instruments-info sends them. */
export interface InstrumentDef {
  symbol: string;
  baseCoin: string;
  tickSize: string;
  qtyStep: string;
  minOrderQty: string;
  maxOrderQty: string;
  maxMktOrderQty: string;
  minNotionalValue: string;
  maxLeverage: string;
  minLeverage?: string;
  leverageStep?: string;
  minPrice?: string;
  maxPrice?: string;
  launchTime?: string;
  status?: InstrumentStatus;
  /** Maintenance margin rate of the first risk tier, for positionMM and liqPrice. Default 0.005. */
  maintenanceMarginRate?: number;
}

/** An instrument with its numbers parsed once. */
export interface Instrument {
  readonly def: Required<InstrumentDef>;
  readonly symbol: string;
  readonly tickSize: number;
  readonly priceDecimals: number;
  readonly qtyStep: number;
  readonly qtyDecimals: number;
  readonly minOrderQty: number;
  readonly maxOrderQty: number;
  readonly maxMktOrderQty: number;
  readonly minNotionalValue: number;
  readonly minLeverage: number;
  readonly maxLeverage: number;
  readonly leverageStep: number;
  readonly maintenanceMarginRate: number;
}

export const DEFAULT_INSTRUMENTS: readonly InstrumentDef[] = [
  {
    symbol: 'BTCUSDT', baseCoin: 'BTC', tickSize: '0.10', qtyStep: '0.001', minOrderQty: '0.001',
    maxOrderQty: '1190', maxMktOrderQty: '119', minNotionalValue: '5', maxLeverage: '100.00',
    minPrice: '0.10', maxPrice: '1999999.80', launchTime: '1585526400000',
  },
  {
    symbol: 'ETHUSDT', baseCoin: 'ETH', tickSize: '0.01', qtyStep: '0.01', minOrderQty: '0.01',
    maxOrderQty: '7240', maxMktOrderQty: '724', minNotionalValue: '5', maxLeverage: '100.00',
    minPrice: '0.01', maxPrice: '199999.98', launchTime: '1615766400000',
  },
  {
    symbol: 'SOLUSDT', baseCoin: 'SOL', tickSize: '0.010', qtyStep: '0.1', minOrderQty: '0.1',
    maxOrderQty: '79770', maxMktOrderQty: '7977', minNotionalValue: '5', maxLeverage: '100.00',
    minPrice: '0.010', maxPrice: '19999.980', launchTime: '1633651200000', maintenanceMarginRate: 0.01,
  },
];

function positive(def: InstrumentDef, field: keyof InstrumentDef, problems: string[]): number {
  const raw = def[field];
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isFinite(value) || value <= 0) {
    problems.push(`instruments[${def.symbol}].${field} must be a positive decimal string, was ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Validates every definition and reports all bad fields at once. */
export function buildInstruments(defs: readonly InstrumentDef[]): Map<string, Instrument> {
  const problems: string[] = [];
  const out = new Map<string, Instrument>();
  for (const def of defs) {
    if (!/^[A-Z0-9]+USDT$/.test(def.symbol)) problems.push(`instruments: symbol must be a USDT perpetual like BTCUSDT, was ${JSON.stringify(def.symbol)}`);
    if (out.has(def.symbol)) problems.push(`instruments: ${def.symbol} is defined twice`);
    const full: Required<InstrumentDef> = {
      minLeverage: '1', leverageStep: '0.01', minPrice: def.tickSize, maxPrice: '1999999.80',
      launchTime: '1585526400000', status: InstrumentStatus.TRADING, maintenanceMarginRate: 0.005, ...def,
    };
    const instrument: Instrument = {
      def: full,
      symbol: def.symbol,
      tickSize: positive(full, 'tickSize', problems),
      priceDecimals: decimalsOf(full.tickSize),
      qtyStep: positive(full, 'qtyStep', problems),
      qtyDecimals: decimalsOf(full.qtyStep),
      minOrderQty: positive(full, 'minOrderQty', problems),
      maxOrderQty: positive(full, 'maxOrderQty', problems),
      maxMktOrderQty: positive(full, 'maxMktOrderQty', problems),
      minNotionalValue: Number(full.minNotionalValue),
      minLeverage: positive(full, 'minLeverage', problems),
      maxLeverage: positive(full, 'maxLeverage', problems),
      leverageStep: positive(full, 'leverageStep', problems),
      maintenanceMarginRate: full.maintenanceMarginRate,
    };
    out.set(def.symbol, instrument);
  }
  if (problems.length > 0) throw new SimulatorConfigError(`invalid instruments:\n  ${problems.join('\n  ')}`);
  return out;
}
