/**
 * Runs the simulator over candle files: `pnpm sim -- --speed 60`.
 *
 *   --data DIR          candle directory with {SYMBOL}-1m.csv.gz (default: <repo>/data/sample)
 *   --symbols A,B       symbols to load (default: every default instrument with a file in DIR)
 *   --speed N|max|manual 1 = real time, 60 = a minute per second, max, manual (POST /admin/step) (default 1)
 *   --port N            default 18765; --host default 127.0.0.1
 *   --from ISO|ms       play from here; earlier candles are kline history (default: one day after the data starts)
 *   --rebase-time       shift candle times so play starts at the current wall-clock minute
 *   --balance N         starting USDT (default 10000)
 *   --funding-rate R    8-hourly funding rate (default 0: off)
 *   --steps-per-leg N   intra-candle path resolution (default 1: four pushes per candle)
 *   --demo-key          generate an API key/secret for this run and print them
 *   --log-level LEVEL   pino level (default info)
 *
 * The API key comes from SIM_API_KEY and SIM_API_SECRET; there is no built-in default secret.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadCandleDir, MINUTE_MS, type CandleColumns } from './candles';
import { DEFAULT_INSTRUMENTS } from './instruments';
import type { MarketSpeed } from './market/driver';
import { startSimulator } from './simulator';

const DAY_MS = 86_400_000;

function fail(message: string): never {
  process.stderr.write(`bybit-sim: ${message}\n`);
  process.exit(2);
}

function parseSpeed(raw: string): MarketSpeed {
  if (raw === 'max' || raw === 'manual') return raw;
  const n = Number(raw);
  if (!(n > 0) || !Number.isFinite(n)) fail(`--speed must be a positive number, max or manual, was ${raw}`);
  return n;
}

function parseTime(raw: string): number {
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) fail(`--from must be an ISO date or epoch ms, was ${raw}`);
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

function shifted(c: CandleColumns, by: number): CandleColumns {
  return { ...c, ts: c.ts.map((t) => t + by) };
}

async function main(): Promise<void> {
  // `pnpm sim -- --flag` hands the `--` through; drop it so both spellings work.
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: {
      data: { type: 'string' }, symbols: { type: 'string' }, speed: { type: 'string', default: '1' },
      port: { type: 'string', default: '18765' }, host: { type: 'string', default: '127.0.0.1' },
      from: { type: 'string' }, 'rebase-time': { type: 'boolean', default: false },
      balance: { type: 'string', default: '10000' }, 'funding-rate': { type: 'string', default: '0' },
      'steps-per-leg': { type: 'string', default: '1' }, 'demo-key': { type: 'boolean', default: false },
      'log-level': { type: 'string', default: 'info' }, help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write('usage: pnpm sim -- [--data DIR] [--symbols A,B] [--speed N|max|manual] [--port N] [--from ISO|ms] [--rebase-time] [--balance N] [--funding-rate R] [--steps-per-leg N] [--demo-key]\n'
      + 'API key: SIM_API_KEY and SIM_API_SECRET, or --demo-key to generate one.\n');
    return;
  }
  const logger = pino({ level: values['log-level'] });
  const dataDir = resolve(values.data ?? join(__dirname, '..', '..', '..', 'data', 'sample'));
  const symbols = values.symbols
    ? values.symbols.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean)
    : DEFAULT_INSTRUMENTS.map((i) => i.symbol).filter((s) => existsSync(join(dataDir, `${s}-1m.csv.gz`)) || existsSync(join(dataDir, `${s}-1m.csv`)));
  if (symbols.length === 0) fail(`no candle files found in ${dataDir}`);

  let apiKey = process.env['SIM_API_KEY'];
  let secret = process.env['SIM_API_SECRET'];
  if (values['demo-key']) {
    apiKey = `sim${randomBytes(8).toString('hex')}`;
    secret = randomBytes(24).toString('hex');
  }
  if (!apiKey || !secret) fail('set SIM_API_KEY and SIM_API_SECRET, or pass --demo-key to generate a key for this run');

  const loaded = loadCandleDir(dataDir, symbols);
  const starts = Object.values(loaded).filter((c) => c.length > 0).map((c) => c.ts[0]!);
  let from = values.from ? parseTime(values.from) : Math.min(...starts) + DAY_MS;
  let candles: Record<string, CandleColumns> = loaded;
  if (values['rebase-time']) {
    const shift = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - from;
    candles = Object.fromEntries(Object.entries(loaded).map(([s, c]) => [s, shifted(c, shift)]));
    from += shift;
  }
  const sim = await startSimulator({
    host: values.host, port: Number(values.port), logger,
    accounts: [{ apiKey, secret, balanceUsdt: Number(values.balance) }],
    fundingRate: Number(values['funding-rate']),
    market: { candles, speed: parseSpeed(values.speed), from, stepsPerLeg: Number(values['steps-per-leg']) },
  });
  process.stdout.write([
    `REST       ${sim.url}`,
    `public WS  ${sim.wsPublicUrl}`,
    `private WS ${sim.wsPrivateUrl}`,
    `admin      ${sim.url}/admin/state`,
    `symbols    ${symbols.join(',')}  from ${new Date(from).toISOString()}  speed ${values.speed}`,
    values['demo-key'] ? `demo key   SIM_API_KEY=${apiKey} SIM_API_SECRET=${secret}` : `api key    ${apiKey} (from SIM_API_KEY)`,
    '',
  ].join('\n'));
  const shutdown = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`bybit-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
