import { randomBytes } from 'node:crypto';
import { createBybitRest, loadBybitConfig } from '@mast/bybit';
import { loadCandleDir, startSimulator } from '@mast/bybit-sim';
import pino from 'pino';
import { simulatorEnv } from './processes';

/**
 * The exchange call alone, as a latency baseline: market orders placed through the Bybit adapter
 * (ccxt, signing, HTTP) on a simulator of their own, `gapMs` apart, each timed until the simulator
 * has accepted it. Client and simulator share this process, as neither does in the pipeline.
 */
export async function exchangeCallLatency(dataDir: string, gapMs: number, count: number): Promise<number[]> {
  const apiKey = randomBytes(12).toString('hex');
  const apiSecret = randomBytes(24).toString('hex');
  const sim = await startSimulator({
    accounts: [{ apiKey, secret: apiSecret, balanceUsdt: 1_000_000 }],
    market: { candles: loadCandleDir(dataDir, ['BTCUSDT']), speed: 'manual' },
  });
  try {
    await sim.step();
    const rest = createBybitRest(loadBybitConfig(simulatorEnv(sim, apiKey, apiSecret, ['BTCUSDT'])), { logger: pino({ level: 'silent' }) });
    await rest.loadInstruments();
    let started = 0;
    const latencies: number[] = [];
    sim.onOrderPlaced(() => latencies.push(performance.now() - started));
    for (let i = 0; i < count; i++) {
      started = performance.now();
      await rest.placeMarketOrder({ symbol: 'BTCUSDT', side: i % 2 === 0 ? 'Sell' : 'Buy', qty: 0.001, reduceOnly: false, orderLinkId: `baseline-${i}` });
      await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
    return latencies;
  } finally {
    await sim.close();
  }
}
