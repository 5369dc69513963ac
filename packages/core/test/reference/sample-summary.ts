/**
 * Prints the reference run over data/sample with the default config (or a JSON override given as
 * the first argument), for comparing by eye with the optimized core:
 *   npx tsx --conditions=@mast/source packages/core/test/reference/sample-summary.ts ['{"slippageBps":5}']
 */
import { resolveStrategyConfig } from '@mast/contracts';
import { loadSample } from './load-sample';
import { referenceBacktest } from './reference-strategy';

const config = resolveStrategyConfig(process.argv[2] ? JSON.parse(process.argv[2]) : {});
const candles = loadSample(config.symbols);
const started = performance.now();
const result = referenceBacktest(candles, config);
const elapsedMs = performance.now() - started;

const count = (key: (t: (typeof result.trades)[number]) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const t of result.trades) counts[key(t)] = (counts[key(t)] ?? 0) + 1;
  return counts;
};
console.log(`candles ${candles.length} (${new Date(candles[0]!.ts).toISOString()} .. ${new Date(candles.at(-1)!.ts).toISOString()}), run ${elapsedMs.toFixed(0)} ms`);
console.log(`trades ${result.trades.length}, final balance ${result.finalBalance}, max drawdown ${result.maxDrawdown}, halted ${result.halted}`);
console.log('by reason', count((t) => t.reason), 'by symbol', count((t) => t.symbol));
console.log('first 5 trades:');
for (const t of result.trades.slice(0, 5)) console.log(' ', JSON.stringify(t));
console.log('last trade:', JSON.stringify(result.trades.at(-1)));
console.log('open positions:', JSON.stringify(result.openPositions));
