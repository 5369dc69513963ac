import { formatConfigIssue, isServiceConfigError } from './service-config-error';

/** Exit code of a service that refused its config (1 stays for crashes). */
export const CONFIG_ERROR_EXIT_CODE = 2;

export interface TextSink {
  write(text: string): unknown;
}

/**
 * For a composition root: prints every bad config field to `stderr`, one per line, and exits with
 * code 2. Anything that is not a ServiceConfigError is rethrown untouched, so a bug still crashes
 * with its stack. `exit` is injectable for tests; if it returns, the error is rethrown.
 */
export function exitOnConfigError(
  error: unknown,
  stderr: TextSink = process.stderr,
  exit: (code: number) => void = (code) => process.exit(code),
): never {
  if (!isServiceConfigError(error)) throw error;
  const lines = error.issues.map((issue) => `  - ${formatConfigIssue(issue)}\n`).join('');
  stderr.write(`invalid config, the service cannot start (${error.issues.length} ${error.issues.length === 1 ? 'problem' : 'problems'}):\n${lines}`);
  exit(CONFIG_ERROR_EXIT_CODE);
  throw error;
}
