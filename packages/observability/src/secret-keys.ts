/**
 * Keys whose values are credentials, compared without case, `-` or `_` so that `apiKey`,
 * `api_key`, `X-BAPI-API-KEY` and `x-bapi-api-key` are one rule. A key matches when it is one of
 * the exact names or ends with one of the suffixes (`telegramBotToken`, `bybitApiSecret`,
 * `discordWebhookUrl`). Over-redacting a harmless `nextPageToken` is the accepted price.
 */
const EXACT = new Set(['sign', 'xbapisign', 'xbapiapikey', 'cookie', 'setcookie', 'dsn', 'connectionstring']);
const SUFFIXES = ['secret', 'password', 'passwd', 'passphrase', 'token', 'apikey', 'signature', 'authorization', 'webhookurl', 'webhook', 'privatekey', 'credentials'];

function normalize(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** Keys repeat from line to line, so answers are remembered (up to a bound, against key floods). */
const known = new Map<string, boolean>();
const MAX_KNOWN = 10_000;

export function isSecretKey(key: string): boolean {
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  const k = normalize(key);
  const secret = EXACT.has(k) || SUFFIXES.some((suffix) => k.endsWith(suffix));
  if (known.size < MAX_KNOWN) known.set(key, secret);
  return secret;
}
