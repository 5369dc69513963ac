import { assertNamespace } from '@mast/contracts';

/**
 * Postgres schema names. Every namespace has its own schema, `mast_<ns>` with `-` as `_`, so a
 * replay never touches live tables. A namespace holds no `_`, so `__` (from `--`) is free for the
 * rebuild's work schemas; namespaces with `--` or a trailing `-` are refused so they cannot name one.
 */

const REBUILD_MARK = '__rebuild_';
const RETIRED_MARK = '__old_';

export class SchemaNameError extends Error {
  override readonly name = 'SchemaNameError';
}
export function isSchemaNameError(error: unknown): error is SchemaNameError {
  return error instanceof SchemaNameError;
}

/** `live` -> `mast_live`, `replay-7f3a` -> `mast_replay_7f3a`. */
export function schemaNameFor(ns: string): string {
  assertNamespace(ns);
  // `a--rebuild-1` (or `a-` + `-rebuild-1`) would map onto the rebuild schema of `a`: a schema
  // name of ours never holds `__` before the rebuild's own suffix.
  if (ns.includes('--') || ns.endsWith('-')) throw new SchemaNameError(`namespace ${JSON.stringify(ns)} holds "--" or ends with "-": the read model reserves "__" in schema names for its rebuilds`);
  return `mast_${ns.replace(/-/g, '_')}`;
}

/** The schema a rebuild builds into before it swaps in: `mast_<ns>__rebuild_<n>`. */
export function rebuildSchemaName(ns: string, n: number): string {
  return `${schemaNameFor(ns)}${REBUILD_MARK}${n}`;
}

/** Where the live schema goes for the moment of a swap, before it is dropped. */
export function retiredSchemaName(ns: string, n: number): string {
  return `${schemaNameFor(ns)}${RETIRED_MARK}${n}`;
}

/** A LIKE pattern matching every rebuild (and retired) schema of a namespace. */
export function workSchemaPattern(ns: string): string {
  // `_` is a LIKE wildcard: escape it so only our own names match.
  return `${schemaNameFor(ns).replace(/_/g, '\\_')}\\_\\_%`;
}

/** A double-quoted identifier; our names are [a-z0-9_] already, the quoting is for safety. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
