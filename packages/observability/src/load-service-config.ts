import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { z } from 'zod';
import type { ConfigField } from './config-fields';
import { collectStrings } from './collect-strings';
import { assertDistinctEnvNames, describeConfigShape } from './config-fields';
import { readEnvValue } from './env-value';
import { REDACTED } from './redacted';
import { createScrubber } from './scrub-secrets';
import type { ServiceConfigIssue } from './service-config-error';
import { ServiceConfigError } from './service-config-error';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface LoadServiceConfigOptions {
  /** Usually `process.env`; passed in so tests and tools give their own. */
  readonly env: Environment;
  /** A YAML file whose values the environment overrides; defaults to `<prefix>CONFIG_FILE`. */
  readonly file?: string;
  /** Prefix of the derived variable names; `MAST_` by default. */
  readonly envPrefix?: string;
  /** Explicit variable names for some fields, by dotted path: `{ 'database.url': 'DATABASE_URL' }`. */
  readonly envNames?: Readonly<Record<string, string>>;
  /** Reads the config file and `*_FILE` secrets; node's readFileSync by default. */
  readonly readFile?: (path: string) => string;
}

export const DEFAULT_ENV_PREFIX = 'MAST_';

type Tree = Record<string, unknown>;

interface Origin {
  readonly source: string;
}

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function getAt(tree: unknown, path: readonly (string | number)[]): unknown {
  let node = tree;
  for (const key of path) {
    if (!isTree(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

function setAt(tree: Tree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (isTree(next)) {
      node = next;
    } else {
      const created: Tree = {};
      node[key] = created;
      node = created;
    }
  }
  node[path[path.length - 1] as string] = value;
}

function defaultReadFile(path: string): string {
  return readFileSync(path, 'utf8');
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}

function readConfigFile(file: string, readFile: (path: string) => string): Tree {
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    throw new ServiceConfigError([{ path: '', message: `cannot read the config file: ${describeReadError(error)}`, source: file }], { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = YAML.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ServiceConfigError([{ path: '', message: `cannot parse YAML: ${reason}`, source: file }], { cause: error });
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isTree(parsed)) throw new ServiceConfigError([{ path: '', message: 'the config file must hold a mapping of keys', source: file }]);
  return parsed;
}

interface EnvReading {
  readonly value?: unknown;
  readonly source?: string;
  readonly issue?: ServiceConfigIssue;
}

/** An empty variable counts as unset: Kubernetes renders optional ConfigMap keys that way. */
function readField(field: ConfigField, env: Environment, readFile: (path: string) => string): EnvReading {
  const direct = env[field.env];
  const fileVar = `${field.env}_FILE`;
  const filePath = field.secret ? env[fileVar] : undefined;
  const hasDirect = direct !== undefined && direct !== '';
  const hasFile = filePath !== undefined && filePath !== '';
  if (hasDirect && hasFile) {
    return { issue: { path: field.dotted, message: `set either ${field.env} or ${fileVar}, not both`, source: `${field.env}, ${fileVar}` } };
  }
  if (hasDirect) return { value: readEnvValue(direct, field.kind, field.itemKind), source: field.env };
  if (hasFile) {
    try {
      return { value: readEnvValue(readFile(filePath).trim(), field.kind, field.itemKind), source: `${fileVar} (${filePath})` };
    } catch (error) {
      return { issue: { path: field.dotted, message: `cannot read the secret file: ${describeReadError(error)}`, source: `${fileVar} (${filePath})` } };
    }
  }
  return {};
}

function isUnder(path: string, field: ConfigField): boolean {
  return path === field.dotted || path.startsWith(`${field.dotted}.`);
}

/**
 * Reads a service's config once at start: the YAML file (if any), overridden field by field by
 * environment variables, validated by the schema. Each leaf field `a.bC` is read from
 * `<prefix>A_B_C` (or the name given in `envNames`); a field marked with `secret()` may instead
 * come from the file named by `<prefix>A_B_C_FILE` (a mounted Secret), trimmed.
 *
 * Throws a ServiceConfigError naming every bad field, what was wrong, the given value (masked for
 * secrets) and where it came from; a ConfigSchemaError if the schema itself cannot be served.
 */
export function loadServiceConfig<S extends z.ZodType>(schema: S, options: LoadServiceConfigOptions): z.output<S> {
  const prefix = options.envPrefix ?? DEFAULT_ENV_PREFIX;
  const fileVar = `${prefix}CONFIG_FILE`;
  const shape = describeConfigShape(schema, { envPrefix: prefix, envNames: options.envNames });
  assertDistinctEnvNames(shape.fields, [fileVar]);
  const readFile = options.readFile ?? defaultReadFile;

  const envFile = options.env[fileVar];
  const file = options.file ?? (envFile === '' ? undefined : envFile);
  const input: Tree = file === undefined ? {} : readConfigFile(file, readFile);

  const origins = new Map<string, Origin>();
  const readIssues: ServiceConfigIssue[] = [];
  for (const field of shape.fields) {
    const reading = readField(field, options.env, readFile);
    if (reading.issue) readIssues.push(reading.issue);
    if (reading.value !== undefined && reading.source !== undefined) {
      setAt(input, field.path, reading.value);
      origins.set(field.dotted, { source: reading.source });
    } else if (file !== undefined && getAt(input, field.path) !== undefined) {
      origins.set(field.dotted, { source: file });
    }
  }
  for (const path of shape.requiredObjects) {
    if (getAt(input, path) === undefined) setAt(input, path, {});
  }

  const secretFields = shape.fields.filter((f) => f.secret);
  const secretValues: string[] = [];
  for (const field of secretFields) collectStrings(getAt(input, field.path), secretValues);
  const scrub = createScrubber(secretValues);

  const parsed = schema.safeParse(input);
  const validation = parsed.success ? [] : toIssues(parsed.error, input, shape.fields, origins, file, scrub);
  if (!parsed.success || readIssues.length > 0) {
    throw new ServiceConfigError([...readIssues, ...validation.filter((v) => !readIssues.some((r) => r.path === v.path))]);
  }
  return parsed.data;
}

function toIssues(
  error: z.ZodError,
  input: Tree,
  fields: readonly ConfigField[],
  origins: ReadonlyMap<string, Origin>,
  file: string | undefined,
  scrub: (text: string) => string,
): ServiceConfigIssue[] {
  return error.issues.flatMap((issue): ServiceConfigIssue[] => {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      // The value of an unknown key is not shown: it may be a misspelt secret.
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'unknown key', ...(file ? { source: file } : {}) }));
    }
    const path = base.join('.');
    const field = fields.find((f) => isUnder(path, f));
    const given = getAt(input, issue.path as readonly (string | number)[]);
    const origin = field ? origins.get(field.dotted) : undefined;
    if (given === undefined) {
      const where = field ? `set ${field.env}${field.secret ? ` or ${field.env}_FILE` : ''}${field.dotted === path ? ` or ${path} in the config file` : ''}` : '';
      return [{ path, message: field && issue.code === 'invalid_type' ? `required: ${where}` : scrub(issue.message) }];
    }
    const masked = field?.secret && isUnder(path, field);
    return [{
      path,
      message: scrub(issue.message),
      given: masked ? REDACTED : scrub(JSON.stringify(given) ?? String(given)),
      ...(origin ? { source: origin.source } : {}),
    }];
  });
}
