import { Pool } from 'pg';
import { createLogger, secretValues } from '@mast/observability';
import { resolveStrategyOrExit, runMain, startService } from '@mast/runtime';
import { systemClock } from './clock';
import { notifierConfigSchema } from './config';
import { webhookToken } from './discord-destination';
import { startNotifier } from './notifier';

/**
 * Alerts out (Telegram, Discord), operator commands in (Telegram, Discord interactions, HTTP). Postgres (DATABASE_URL)
 * holds the outbox and is where the chat's queries read the read model.
 */
async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', max: 4 });
  pool.on('error', () => undefined); // a dropped idle connection; the next query reconnects
  const service = await startService({
    name: 'notifier',
    schema: notifierConfigSchema,
    readiness: { postgres: async () => (await pool.query('select 1')).rowCount === 1 },
  });
  const { config, bus, publisher, metrics, shutdown } = service;
  // The webhook's token part travels in request URLs without the rest of the configured URL (and a
  // test or proxy API base is not discord.com, which the logger's shapes know): scrub it by value too.
  const token = webhookToken(config.discord.webhookUrl ?? '');
  const logger = createLogger({ service: 'notifier', level: config.logLevel, secrets: [...secretValues(notifierConfigSchema, config), ...(token ? [token] : [])] });
  const strategy = resolveStrategyOrExit(config.strategy);
  shutdown.add('postgres', () => pool.end());
  const notifier = await startNotifier({ config, bus, publisher, pool, logger, metrics, clock: systemClock, symbols: strategy.symbols });
  shutdown.add('notifier', () => notifier.stop());
  logger.info({ destinations: notifier.destinations }, 'notifier running');
}

runMain('notifier', main);
