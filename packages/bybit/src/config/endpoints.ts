/** Bybit environments (BYBIT_V5.md §1). `custom` is the local simulator or any stand-in. */
export const BYBIT_ENVIRONMENTS = {
  live: 'live',
  testnet: 'testnet',
  demo: 'demo',
  custom: 'custom',
} as const;
export type BybitEnvironment = (typeof BYBIT_ENVIRONMENTS)[keyof typeof BYBIT_ENVIRONMENTS];

export interface BybitEndpoints {
  readonly rest: string;
  /** Linear-perpetual public stream (klines, tickers). */
  readonly wsPublic: string;
  readonly wsPrivate: string;
}

export const BYBIT_ENDPOINTS: Readonly<Record<Exclude<BybitEnvironment, 'custom'>, BybitEndpoints>> = {
  live: {
    rest: 'https://api.bybit.com',
    wsPublic: 'wss://stream.bybit.com/v5/public/linear',
    wsPrivate: 'wss://stream.bybit.com/v5/private',
  },
  testnet: {
    rest: 'https://api-testnet.bybit.com',
    wsPublic: 'wss://stream-testnet.bybit.com/v5/public/linear',
    wsPrivate: 'wss://stream-testnet.bybit.com/v5/private',
  },
  // The demo stream carries no public data: demo accounts read mainnet market data.
  demo: {
    rest: 'https://api-demo.bybit.com',
    wsPublic: 'wss://stream.bybit.com/v5/public/linear',
    wsPrivate: 'wss://stream-demo.bybit.com/v5/private',
  },
};
