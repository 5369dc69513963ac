/** What a label value is recorded as when it is malformed or one too many. */
export const OTHER_LABEL_VALUE = 'other';

/** Event types, outcomes, stream and consumer names, reason codes: short tokens, never free text. */
const TOKEN = /^[A-Za-z0-9_.:-]{1,64}$/;

export type LabelGuard = (value: string) => string;

/** The value itself if it is a short token, else `other`. */
export function toLabelToken(value: string): string {
  return TOKEN.test(value) ? value : OTHER_LABEL_VALUE;
}

/**
 * Keeps one label's values bounded, because a bug that puts free text (an error message, an id)
 * into a label would create a series per value. A malformed value, or any new value once `limit`
 * distinct ones were seen, is recorded as `other`.
 */
export function createLabelGuard(limit: number): LabelGuard {
  const seen = new Set<string>();
  return (value) => {
    if (toLabelToken(value) === OTHER_LABEL_VALUE) return OTHER_LABEL_VALUE;
    if (seen.has(value)) return value;
    if (seen.size >= limit) return OTHER_LABEL_VALUE;
    seen.add(value);
    return value;
  };
}
