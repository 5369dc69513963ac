import { customType } from 'drizzle-orm/pg-core';

/**
 * `text COLLATE "C"`: ids, stream names and symbols are opaque bytes, never sorted by a language's
 * rules. Comparing bytes is also what makes their btree keys cheap: under the database's default
 * collation each comparison goes through the C library (a third of an index build here).
 */
export const byteText = customType<{ data: string; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
});

/** The SQL type without its collation, for casts (`$1::text[]`). */
export function castType(sqlType: string): string {
  return sqlType.replace(/\s+COLLATE\s+.*$/i, '');
}
