import { z } from 'zod';
import { logLevelSchema, secret } from '@mast/observability';

/**
 * The settings every service takes, under `MAST_*` variables (or the YAML file in
 * MAST_CONFIG_FILE): `MAST_NS`, `MAST_NATS_URL`, `MAST_HTTP_PORT`, `MAST_LOG_LEVEL`.
 */
export const baseConfigShape = {
  logLevel: logLevelSchema.default('info'),
  /** The namespace of every subject and stream: `live`, `paper`, `replay-...`. */
  ns: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be lower-case letters, digits and -, starting with a letter'),
  nats: z
    .strictObject({
      url: z.string().min(1).default('nats://127.0.0.1:4222'),
      user: z.string().min(1).optional(),
      // A credential: scrubbed from logs, and may come from a mounted file (MAST_NATS_PASS_FILE).
      pass: secret(z.string().min(1)).optional(),
    })
    .default({ url: 'nats://127.0.0.1:4222' }),
  http: z.strictObject({ port: z.number().int().min(0).max(65535).default(9464), host: z.string().default('0.0.0.0') }).default({ port: 9464, host: '0.0.0.0' }),
} as const;

/** Strategy overrides (the keys of the trading rules), deep-merged over the defaults; JSON in MAST_STRATEGY. */
export const strategyOverrideSchema = z.record(z.string(), z.unknown()).default({});
