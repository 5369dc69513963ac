import { z } from 'zod';
import { ConfigSchemaError } from './config-schema-error';
import { isSecretSchema } from './secret-field';

/** How an environment string becomes the value a field's schema expects. */
export const VALUE_KINDS = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  /** Comma-separated (`BTCUSDT,ETHUSDT`) or a JSON array. */
  list: 'list',
  /** A JSON document (records, arrays of objects, unions). */
  json: 'json',
} as const;
export type ValueKind = (typeof VALUE_KINDS)[keyof typeof VALUE_KINDS];

/** One leaf of a config schema, with the environment variable that sets it. */
export interface ConfigField {
  readonly path: readonly string[];
  /** `nats.url` */
  readonly dotted: string;
  /** `MAST_NATS_URL`; a secret also reads `MAST_NATS_URL_FILE`. */
  readonly env: string;
  readonly kind: ValueKind;
  /** For lists: how each comma-separated item is read. */
  readonly itemKind: ValueKind;
  readonly secret: boolean;
  /** Neither optional nor defaulted: the service cannot start without it. */
  readonly required: boolean;
}

export interface ConfigShape {
  readonly fields: readonly ConfigField[];
  /**
   * Paths of nested objects that are neither optional nor defaulted. The loader fills a missing
   * one with `{}` so that zod names each missing leaf instead of one "expected object".
   */
  readonly requiredObjects: readonly (readonly string[])[];
}

export interface ConfigShapeOptions {
  /** Prefix of derived variable names. */
  readonly envPrefix: string;
  /** Explicit names for some fields, by dotted path: `{ 'database.url': 'DATABASE_URL' }`. */
  readonly envNames?: Readonly<Record<string, string>>;
}

/** `maxAckPending` -> `MAX_ACK_PENDING`, `httpURL` -> `HTTP_URL`. */
export function toEnvSegment(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

interface Unwrapped {
  readonly inner: z.ZodType;
  readonly secret: boolean;
  readonly optional: boolean;
  readonly defaulted: boolean;
}

/** Looks through wrappers to the schema that describes the input value. */
function unwrap(schema: z.ZodType): Unwrapped {
  let inner: z.ZodType = schema;
  let secret = false;
  let optional = false;
  let defaulted = false;
  for (;;) {
    if (isSecretSchema(inner)) secret = true;
    if (inner instanceof z.ZodOptional) {
      optional = true;
      inner = inner.unwrap() as z.ZodType;
    } else if (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault || inner instanceof z.ZodCatch) {
      defaulted = true;
      inner = inner.unwrap() as z.ZodType;
    } else if (inner instanceof z.ZodNullable || inner instanceof z.ZodReadonly || inner instanceof z.ZodNonOptional) {
      inner = inner.unwrap() as z.ZodType;
    } else if (inner instanceof z.ZodPipe) {
      // The environment supplies the pipe's input; its output is the service's business.
      inner = inner.in as z.ZodType;
    } else {
      return { inner, secret, optional, defaulted };
    }
  }
}

function literalKind(values: readonly unknown[]): ValueKind {
  if (values.length > 0 && values.every((v) => typeof v === 'number')) return VALUE_KINDS.number;
  if (values.length > 0 && values.every((v) => typeof v === 'boolean')) return VALUE_KINDS.boolean;
  return VALUE_KINDS.string;
}

function scalarKind(schema: z.ZodType): ValueKind | undefined {
  if (schema instanceof z.ZodNumber) return VALUE_KINDS.number;
  if (schema instanceof z.ZodBoolean) return VALUE_KINDS.boolean;
  if (schema instanceof z.ZodString || schema instanceof z.ZodEnum || schema instanceof z.ZodStringFormat) return VALUE_KINDS.string;
  if (schema instanceof z.ZodLiteral) return literalKind([...schema.values]);
  return undefined;
}

function valueKinds(schema: z.ZodType): { kind: ValueKind; itemKind: ValueKind } {
  const scalar = scalarKind(schema);
  if (scalar) return { kind: scalar, itemKind: scalar };
  if (schema instanceof z.ZodArray) {
    const item = scalarKind(unwrap(schema.element as z.ZodType).inner);
    if (item) return { kind: VALUE_KINDS.list, itemKind: item };
  }
  return { kind: VALUE_KINDS.json, itemKind: VALUE_KINDS.json };
}

/**
 * Lists the leaves of an object schema with the environment variable for each:
 * the prefix, then each path segment in UPPER_SNAKE_CASE joined by `_`
 * (`nats.url` -> `MAST_NATS_URL`, `bybit.apiKey` -> `MAST_BYBIT_API_KEY`), unless `envNames`
 * names it. Throws a ConfigSchemaError for a schema the loader cannot serve.
 */
export function describeConfigShape(schema: z.ZodType, options: ConfigShapeOptions): ConfigShape {
  const root = unwrap(schema).inner;
  if (!(root instanceof z.ZodObject)) throw new ConfigSchemaError('a service config schema must be an object');
  const fields: ConfigField[] = [];
  const requiredObjects: string[][] = [];
  const overrides = new Map(Object.entries(options.envNames ?? {}));

  const visit = (object: z.ZodObject, parent: readonly string[]): void => {
    for (const [key, child] of Object.entries(object.shape as Record<string, z.ZodType>)) {
      const path = [...parent, key];
      const dotted = path.join('.');
      const { inner, secret, optional, defaulted } = unwrap(child);
      if (secret && defaulted) throw new ConfigSchemaError(`secret field ${dotted} has a default: secrets come from the environment or a mounted file only`);
      if (inner instanceof z.ZodObject && !secret) {
        if (!optional && !defaulted) requiredObjects.push(path);
        visit(inner, path);
        continue;
      }
      const env = overrides.get(dotted) ?? options.envPrefix + path.map(toEnvSegment).join('_');
      overrides.delete(dotted);
      fields.push({ path, dotted, env, ...valueKinds(inner), secret, required: !optional && !defaulted });
    }
  };
  visit(root, []);

  const unknownOverrides = [...overrides.keys()];
  if (unknownOverrides.length > 0) throw new ConfigSchemaError(`envNames name fields the schema does not have: ${unknownOverrides.join(', ')}`);
  return { fields, requiredObjects };
}

/**
 * Two fields read from one variable would silently share a value; `reserved` lists names the
 * loader itself reads (the config file variable).
 */
export function assertDistinctEnvNames(fields: readonly ConfigField[], reserved: readonly string[]): void {
  const owner = new Map<string, string>(reserved.map((name) => [name, 'the loader']));
  for (const field of fields) {
    const names = field.secret ? [field.env, `${field.env}_FILE`] : [field.env];
    for (const name of names) {
      const taken = owner.get(name);
      if (taken) throw new ConfigSchemaError(`${field.dotted} and ${taken} both map to the environment variable ${name}: name one of them in envNames`);
      owner.set(name, field.dotted);
    }
  }
}
