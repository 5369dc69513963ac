import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether an `Authorization` header carries the expected bearer token. Both sides are hashed
 * first so the comparison takes the same time whatever the length or content of a guess.
 */
export function hasBearerToken(header: string | undefined, expected: string): boolean {
  if (!header) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return false;
  return timingSafeEqual(digest(match[1]), digest(expected));
}

/** Refuses a token too short to resist guessing: a config error, not a runtime surprise. */
export const MIN_TOKEN_LENGTH = 24;
