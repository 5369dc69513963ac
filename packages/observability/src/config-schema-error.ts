/**
 * A config schema the loader cannot serve (a secret with a default, two fields mapped to one
 * environment variable, an override for a field that does not exist). It is a programming error
 * in the service, so it is thrown before anything is read, not reported as a bad value.
 */
export class ConfigSchemaError extends Error {
  override readonly name = 'ConfigSchemaError';
}

export function isConfigSchemaError(error: unknown): error is ConfigSchemaError {
  return error instanceof ConfigSchemaError;
}
