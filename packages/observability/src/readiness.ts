/** A named dependency check: true when the service can use it right now. */
export type ReadinessCheck = () => boolean | Promise<boolean>;

/**
 * Either named checks, each run with its own timeout, or one function that checks everything and
 * answers with a result per name.
 */
export type Readiness = Readonly<Record<string, ReadinessCheck>> | (() => Record<string, boolean> | Promise<Record<string, boolean>>);

export const CHECK_FAILURES = { false: 'false', error: 'error', timeout: 'timeout' } as const;
export type CheckFailure = (typeof CHECK_FAILURES)[keyof typeof CHECK_FAILURES];

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Record<string, boolean>;
  /** Why each failed check failed; error texts go to the log, never to the response. */
  readonly failures: Record<string, CheckFailure>;
  /** Errors thrown by checks, for the caller to log. */
  readonly errors: Record<string, unknown>;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly timedOut: boolean; readonly error?: unknown };

async function withTimeout(run: () => unknown, timeoutMs: number): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, timedOut: true }), timeoutMs);
    // A probe left waiting must not keep a stopping process alive.
    timer.unref();
  });
  const attempt = (async (): Promise<Outcome> => {
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      return { ok: false, timedOut: false, error };
    }
  })();
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function failureOf(outcome: Outcome): CheckFailure | undefined {
  if (outcome.ok) return outcome.value === true ? undefined : CHECK_FAILURES.false;
  return outcome.timedOut ? CHECK_FAILURES.timeout : CHECK_FAILURES.error;
}

/** Runs the readiness checks in parallel; a check that throws or outlasts `timeoutMs` is not ready. */
export async function runReadiness(readiness: Readiness, timeoutMs: number): Promise<ReadinessReport> {
  const checks: Record<string, boolean> = {};
  const failures: Record<string, CheckFailure> = {};
  const errors: Record<string, unknown> = {};
  const record = (name: string, outcome: Outcome): void => {
    const failure = failureOf(outcome);
    checks[name] = failure === undefined;
    if (failure !== undefined) failures[name] = failure;
    if (!outcome.ok && outcome.error !== undefined) errors[name] = outcome.error;
  };

  if (typeof readiness === 'function') {
    const outcome = await withTimeout(readiness, timeoutMs);
    const value = outcome.ok ? outcome.value : undefined;
    if (outcome.ok && typeof value === 'object' && value !== null) {
      for (const [name, result] of Object.entries(value)) record(name, { ok: true, value: result });
    } else {
      record('readiness', outcome.ok ? { ok: true, value: false } : outcome);
    }
  } else {
    const names = Object.keys(readiness);
    const outcomes = await Promise.all(names.map((name) => withTimeout(() => (readiness[name] as ReadinessCheck)(), timeoutMs)));
    names.forEach((name, i) => record(name, outcomes[i] as Outcome));
  }
  return { ready: Object.keys(failures).length === 0, checks, failures, errors };
}
