/** One bad field of a service's config. */
export interface ServiceConfigIssue {
  /** Dotted path, e.g. `nats.url`; empty for the config as a whole. */
  readonly path: string;
  /** What was wrong, e.g. `Invalid URL`. */
  readonly message: string;
  /** The given value as JSON, `[redacted]` for a secret; absent when nothing was given. */
  readonly given?: string;
  /** Where the value came from: an environment variable or the config file. */
  readonly source?: string;
}

export function formatConfigIssue(issue: ServiceConfigIssue): string {
  const given = issue.given === undefined ? '' : `, was ${issue.given}`;
  const source = issue.source === undefined ? '' : ` (from ${issue.source})`;
  return `${issue.path || '(config)'}: ${issue.message}${given}${source}`;
}

/** The config cannot be used; `issues` lists every bad field, not just the first. */
export class ServiceConfigError extends Error {
  override readonly name = 'ServiceConfigError';
  constructor(
    readonly issues: readonly ServiceConfigIssue[],
    options?: { cause?: unknown },
  ) {
    super(`invalid service config (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):\n${issues.map((i) => `  - ${formatConfigIssue(i)}`).join('\n')}`, options);
  }
}

export function isServiceConfigError(error: unknown): error is ServiceConfigError {
  return error instanceof ServiceConfigError;
}
