/**
 * Removes credentials and request signatures from text that may reach a log or an error:
 * ccxt error messages embed the response body (Bybit echoes `origin_string[timestamp+apiKey+…]`
 * on a bad signature) and sometimes the URL.
 */
export type Scrubber = (text: string) => string;

export const REDACTED = '[redacted]';

// A hex HMAC-SHA256 is 64 hex digits; nothing else we log has that shape.
const HEX_SIGNATURE = /\b[0-9a-f]{64}\b/gi;
const SIGN_HEADER = /(x-bapi-sign["']?\s*[:=]\s*["']?)[^"',\s}]+/gi;

export function createScrubber(secrets: readonly (string | undefined)[]): Scrubber {
  const needles = new Set<string>();
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; real keys are 18+ characters.
    if (secret === undefined || secret.length < 6) continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
  }
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  return (text: string): string => {
    let out = text;
    for (const needle of ordered) out = out.split(needle).join(REDACTED);
    return out.replace(SIGN_HEADER, `$1${REDACTED}`).replace(HEX_SIGNATURE, REDACTED);
  };
}
