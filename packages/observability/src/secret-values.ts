import type { z } from 'zod';
import { collectStrings } from './collect-strings';
import { describeConfigShape } from './config-fields';

/**
 * The values of the fields marked `secret()` in a loaded config, for `createLogger({ secrets })`,
 * which scrubs them from every log line whatever key or message they hide in.
 */
export function secretValues<S extends z.ZodType>(schema: S, config: z.output<S>): string[] {
  const { fields } = describeConfigShape(schema, { envPrefix: '' });
  const values: string[] = [];
  for (const field of fields) {
    if (!field.secret) continue;
    let node: unknown = config;
    for (const key of field.path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    collectStrings(node, values);
  }
  return values;
}
