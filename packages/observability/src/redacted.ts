/** What a secret is replaced with, in logs and in config errors. */
export const REDACTED = '[redacted]';
