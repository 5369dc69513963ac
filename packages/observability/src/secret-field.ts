import { z } from 'zod';

/**
 * Config fields holding credentials are marked by registering their schema here, so the loader
 * can accept them from a mounted file (`*_FILE`), refuse a default for them and mask them in
 * errors, and so a service can hand their values to the logger for scrubbing.
 * A registry of our own keeps the mark out of zod's global metadata (and out of JSON Schema).
 */
const secretSchemas = z.registry<Record<string, never>>();

/** Marks a config field as a secret: `apiKey: secret(z.string().min(16))`. */
export function secret<T extends z.ZodType>(schema: T): T {
  secretSchemas.add(schema, {});
  return schema;
}

export function isSecretSchema(schema: z.ZodType): boolean {
  return secretSchemas.has(schema);
}
