import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATE_SCHEMA } from './schema/template';
import { quoteIdent } from './schema-names';

/**
 * The SQL migrations drizzle-kit generated into drizzle/ (from src/schema, under the placeholder
 * schema), in the journal's order. The files are the committed source of the DDL; this module
 * only reads them and puts a real schema name in place of the placeholder.
 */

export interface Migration {
  readonly tag: string;
  /** sha256 of the file as committed: an applied migration must never change. */
  readonly checksum: string;
  /** Statements under the placeholder schema, without the CREATE SCHEMA (the migrator makes it). */
  readonly statements: readonly string[];
}

interface Journal {
  readonly entries: readonly { readonly idx: number; readonly tag: string }[];
}

/** drizzle/ beside src/ and dist/ alike, so the same path works from sources and from the build. */
export const MIGRATIONS_DIR = join(__dirname, '..', 'drizzle');

const PLACEHOLDER = quoteIdent(TEMPLATE_SCHEMA);
const CREATE_PLACEHOLDER_SCHEMA = `CREATE SCHEMA ${PLACEHOLDER};`;

let cached: readonly Migration[] | undefined;

export function loadMigrations(dir: string = MIGRATIONS_DIR): readonly Migration[] {
  if (dir === MIGRATIONS_DIR && cached) return cached;
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
  const migrations = [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }): Migration => {
      const text = readFileSync(join(dir, `${tag}.sql`), 'utf8');
      const statements = text
        .split('--> statement-breakpoint')
        .map((statement) => statement.trim())
        .filter((statement) => statement.length > 0 && statement !== CREATE_PLACEHOLDER_SCHEMA);
      return { tag, checksum: createHash('sha256').update(text).digest('hex'), statements };
    });
  if (dir === MIGRATIONS_DIR) cached = migrations;
  return migrations;
}

/** A statement with the real schema in place of the placeholder (always a quoted identifier). */
export function forSchema(statement: string, schemaName: string): string {
  return statement.split(PLACEHOLDER).join(quoteIdent(schemaName));
}
