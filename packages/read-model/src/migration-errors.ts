/** A migration already applied to a schema no longer matches the file of the same tag. */
export class MigrationChecksumError extends Error {
  override readonly name = 'MigrationChecksumError';
  constructor(
    readonly schemaName: string,
    readonly tag: string,
  ) {
    super(`migration ${tag} applied to schema ${schemaName} differs from drizzle/${tag}.sql: never edit an applied migration, generate a new one`);
  }
}
export function isMigrationChecksumError(error: unknown): error is MigrationChecksumError {
  return error instanceof MigrationChecksumError;
}

/** The schema has migrations this code does not know: it was migrated by a newer version. */
export class UnknownMigrationError extends Error {
  override readonly name = 'UnknownMigrationError';
  constructor(
    readonly schemaName: string,
    readonly tags: readonly string[],
  ) {
    super(`schema ${schemaName} has migrations this version does not know (${tags.join(', ')}): it was migrated by a newer version`);
  }
}
export function isUnknownMigrationError(error: unknown): error is UnknownMigrationError {
  return error instanceof UnknownMigrationError;
}
