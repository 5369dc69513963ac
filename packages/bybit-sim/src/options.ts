import type { PathOrder } from './market/price-path';
/** The simulator's public contract: its options and the handle `startSimulator` returns. */
import type { Logger } from 'pino';
import type { CandleSeries } from './candles';
import type { AccountDef } from './exchange/account';
import type { FaultRuleState } from './faults/fault-engine';
import type { FaultRule } from './faults/fault-rule';
import type { InstrumentDef } from './instruments';
import type { MarketSpeed } from './market/driver';

export interface MarketOptions {
  /** 1-minute candles per symbol; every symbol must be an instrument. */
  candles: Record<string, CandleSeries>;
  /** 1 = real time (a candle per 60 s), N = N times faster, 'max', or 'manual' (only step()/advanceTo()). */
  speed: MarketSpeed;
  /** Start time (ms): earlier candles are history (kline REST serves them), play starts at the first candle at or after it. */
  from?: number;
  /** Sub-steps per leg of the intra-candle path (open -> extreme -> extreme -> close). Default 1: four points per candle. */
  stepsPerLeg?: number;
  /**
   * Which extreme the path visits first. 'nearest' (default): the one nearer the open.
   * 'high': always the high, the pessimistic order for a short, which is the order the rules
   * assume when stop and target fall in one candle (STOP_LOSS first): paper runs that must equal
   * the backtest use it.
   */
  pathOrder?: PathOrder;
}

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (an ephemeral port). One port serves REST, both WS streams and /admin. */
  port?: number;
  accounts?: AccountDef[];
  /** Default: BTCUSDT, ETHUSDT, SOLUSDT with the filters of BYBIT_V5.md §7. */
  instruments?: InstrumentDef[];
  market?: MarketOptions;
  /** recv_window assumed when a request has no X-BAPI-RECV-WINDOW. Default 5000. */
  recvWindowDefault?: number;
  /** Default 0.00055. */
  takerFee?: number;
  /** Reported by account/fee-rate only (every simulated order takes liquidity). Default 0.0002. */
  makerFee?: number;
  /** Charged every 8 h of market time; 0 (default) disables funding. */
  fundingRate?: number;
  logger?: Logger;
  /** Wall clock for auth checks and response times. Default Date.now. */
  now?: () => number;
  faults?: FaultRule[];
}

export interface WalletView {
  walletBalance: number;
  equity: number;
  unrealisedPnl: number;
  availableBalance: number;
  positionIM: number;
  positionMM: number;
  cumRealisedPnl: number;
}

export interface PositionView {
  symbol: string;
  side: 'Buy' | 'Sell';
  size: number;
  avgPrice: number;
  leverage: number;
  takeProfit: number;
  stopLoss: number;
  markPrice: number;
  unrealisedPnl: number;
  positionIM: number;
  curRealisedPnl: number;
  cumRealisedPnl: number;
}

export interface OrderView {
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: 'Buy' | 'Sell';
  qty: number;
  avgPrice: number;
  orderStatus: string;
  reduceOnly: boolean;
  stopOrderType: string;
  cumExecFee: number;
  createdTime: number;
}

export type ConnectionKind = 'public' | 'private' | 'all';

export interface SimulatorState {
  url: string;
  serverTime: number;
  market: { time: number; speed: MarketSpeed; nextCandleTs: number | null; prices: Record<string, number | null> };
  accounts: { apiKey: string; uid: number; wallet: WalletView; positions: PositionView[]; orders: number }[];
  connections: { public: number; private: number };
  faults: FaultRuleState[];
}

export interface Simulator {
  /** REST base, e.g. http://127.0.0.1:PORT (ccxt urls.api.public/private). */
  readonly url: string;
  readonly wsPublicUrl: string;
  readonly wsPrivateUrl: string;
  readonly port: number;
  /** Manual mode: plays the next candle (path pushes, then the confirm:true close). Resolves false when the data is exhausted. */
  step(): Promise<boolean>;
  /**
   * Manual mode: plays one tick: the next intra-candle path point (opening the next candle when
   * none is in play) or, after the last point, the candle's close. Resolves false when exhausted.
   */
  tick(): Promise<boolean>;
  /** Manual mode: plays every candle that opens at or before `ts`; resolves to the number played. */
  advanceTo(ts: number): Promise<number>;
  /** Market time (ms), from the candles. */
  marketTime(): number;
  currentPrice(symbol: string): number;
  wallet(apiKey: string): WalletView;
  /** Open (non-zero) positions. */
  positions(apiKey: string): PositionView[];
  /** Every order of the account, oldest first. */
  orders(apiKey: string): OrderView[];
  /**
   * Calls `listener` synchronously as each order placed through order/create is accepted, before
   * the HTTP answer is written: the moment a latency measurement "order accepted at the exchange" ends.
   */
  onOrderPlaced(listener: (apiKey: string, order: OrderView) => void): void;
  setFaults(rules: FaultRule[]): void;
  faultState(): FaultRuleState[];
  /** Cuts WS connections without a close frame, as a network failure would. */
  dropConnections(kind?: ConnectionKind): void;
  state(): SimulatorState;
  close(): Promise<void>;
}
