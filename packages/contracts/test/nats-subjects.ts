/**
 * NATS subject matching, written from the protocol's rules for these tests: tokens split on `.`,
 * `*` matches exactly one token, `>` (last) matches one or more.
 */

/** Whether some concrete subject matches both patterns: what makes two streams overlap. */
export function subjectsOverlap(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const [p, q] = [x[i], y[i]];
    if (p === undefined || q === undefined) return false;
    if (p === '>' || q === '>') return true;
    if (p !== '*' && q !== '*' && p !== q) return false;
  }
  return true;
}

/** Whether every subject that `filter` matches is also matched by `pattern`. */
export function subjectCovers(pattern: string, filter: string): boolean {
  const x = pattern.split('.');
  const y = filter.split('.');
  for (let i = 0; i < x.length; i += 1) {
    const [p, q] = [x[i], y[i]];
    if (p === '>') return q !== undefined;
    if (q === undefined || q === '>') return false;
    if (p === '*') continue;
    if (q === '*' || p !== q) return false;
  }
  return x.length === y.length;
}

/** A valid subject: non-empty tokens of no whitespace, `>` only last. */
export function isValidSubject(subject: string): boolean {
  const tokens = subject.split('.');
  return tokens.every((t, i) => t.length > 0 && !/\s/.test(t) && (t === '*' || t === '>' || !/[*>]/.test(t)) && (t !== '>' || i === tokens.length - 1));
}
