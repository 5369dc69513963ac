import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** DER header of an Ed25519 SubjectPublicKeyInfo: node reads a raw 32-byte key only inside one. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Discord answers a replayed request with a stale timestamp as forged; so do we (5 minutes either way). */
export const MAX_SIGNATURE_AGE_S = 300;

/** The application's public key as the Developer Portal shows it (64 hex digits). */
export function discordPublicKey(hex: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

/**
 * Whether a request really comes from Discord: `X-Signature-Ed25519` signs the
 * `X-Signature-Timestamp` followed by the raw body, byte for byte as received.
 */
export function hasDiscordSignature(key: KeyObject, signature: string | undefined, timestamp: string | undefined, body: Buffer, nowMs: number): boolean {
  if (!signature || !timestamp || !/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_S) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
}
