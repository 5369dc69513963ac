import { z } from 'zod';
import { connectBus, provisionNamespace } from '@mast/bus';
import { exitOnConfigError, loadServiceConfig, secret } from '@mast/observability';

const schema = z.strictObject({
  ns: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  // The admin user's password may come from a mounted file (MAST_NATS_PASS_FILE); it is never printed.
  nats: z.strictObject({ url: z.string().min(1).default('nats://127.0.0.1:4222'), user: z.string().optional(), pass: secret(z.string().min(1)).optional() }).default({ url: 'nats://127.0.0.1:4222' }),
  replicas: z.number().int().min(1).max(5).default(1),
});

/**
 * One-shot job: creates or updates the namespace's streams and every service's durable
 * consumers (idempotent, never deletes). Run before the services, with an admin NATS user.
 */
async function main(): Promise<void> {
  let config: z.output<typeof schema>;
  try {
    config = loadServiceConfig(schema, { env: process.env });
  } catch (error) {
    exitOnConfigError(error);
  }
  const bus = await connectBus({ servers: config.nats.url, name: 'provision', ...(config.nats.user ? { user: config.nats.user, pass: config.nats.pass } : {}) });
  try {
    const report = await provisionNamespace(bus.jsm, config.ns, { replicas: config.replicas });
    for (const s of report.streams) process.stdout.write(`stream ${s.name}: ${s.action}\n`);
    for (const c of report.consumers) process.stdout.write(`consumer ${c.stream}/${c.name}: ${c.action}\n`);
  } finally {
    await bus.drain();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`provision: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
