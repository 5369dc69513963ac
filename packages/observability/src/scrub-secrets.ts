import { REDACTED } from './redacted';

/**
 * Secrets that travel inside strings (error messages, stack traces, URLs in HTTP errors) cannot be
 * found by key, so they are found by value (the secrets the service loaded) and by shape (the
 * credential formats our dependencies put into URLs and headers).
 */
interface SecretShape {
  /** A cheap test first: most lines hold none of these, and the patterns cost more than includes(). */
  readonly hint: (text: string) => boolean;
  readonly pattern: RegExp;
  readonly replacement: string;
}

const SECRET_SHAPES: readonly SecretShape[] = [
  // Discord webhook: the token after the id is the secret (the URL is the credential).
  {
    hint: (t) => t.includes('/webhooks/'),
    pattern: /(https?:\/\/(?:[a-z]+\.)?discord(?:app)?\.com\/api(?:\/v\d+)?\/webhooks\/\d+\/)[A-Za-z0-9._-]+/g,
    replacement: `$1${REDACTED}`,
  },
  // Telegram bot token `<bot id>:<35 chars>`, bare or in an API URL (`/bot<token>/sendMessage`).
  // The lookbehind starts a match only at the first digit of a run, which keeps the scan linear.
  { hint: () => true, pattern: /(?<![0-9])\d{6,}:[A-Za-z0-9_-]{30,}/g, replacement: REDACTED },
  // Credentials in a connection URL: postgres://user:password@host, redis://:password@host.
  {
    hint: (t) => t.includes('://') && t.includes('@'),
    pattern: /((?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s/:@"']*):[^\s/@"']+@/gi,
    replacement: `$1:${REDACTED}@`,
  },
  // Authorization header values that ended up in a message.
  {
    hint: (t) => t.includes('Bearer') || t.includes('Bot ') || t.includes('Basic'),
    pattern: /\b(Bearer|Bot|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g,
    replacement: `$1 ${REDACTED}`,
  },
];

export type Scrubber = (text: string) => string;

/**
 * Builds a function that replaces every given secret value (as written, and as it appears inside a
 * JSON string) and every credential-shaped substring with `[redacted]`. Build it once per logger:
 * it sorts the secrets longest first so a secret containing another is replaced whole.
 */
export function createScrubber(secrets: readonly string[] = []): Scrubber {
  const literals = [...new Set(secrets.filter((s) => s.length > 0).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))]
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const literal of literals) {
      if (out.includes(literal)) out = out.split(literal).join(REDACTED);
    }
    for (const shape of SECRET_SHAPES) {
      if (shape.hint(out)) out = out.replace(shape.pattern, shape.replacement);
    }
    return out;
  };
}

/** Replaces the given secret values and credential-shaped substrings in a text with `[redacted]`. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  return createScrubber(secrets)(text);
}
