// Tenant key format and hashing: a key names its tenant and id; only a SHA-256 hash is ever stored. Every kind of
// tenant key (an API key `apikey_…`, an environment key `envkey_…`) has this shape; its id's prefix names its kind.
import { sha256Hex } from "../sha256";

const KEY_PATTERN = /^sk-lucid-(tnt_[0-9a-z]+)\.([a-z]+_[0-9a-z_]+)\.([0-9a-z]{40})$/;

export function formatApiKey(tenantId: string, keyId: string, secret: string): string {
  return `sk-lucid-${tenantId}.${keyId}.${secret}`;
}

/** The tenant and key id a key names, whatever its kind; null when it is not a Lucid key at all. */
export function parseApiKey(key: string): { tenantId: string; keyId: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { tenantId: match[1]!, keyId: match[2]! } : null;
}

/** Compares two secrets without leaking, through timing, how much of them matched. */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [hashA, hashB] = await Promise.all([sha256Hex(a), sha256Hex(b)]);
  const encoder = new TextEncoder();
  return crypto.subtle.timingSafeEqual(encoder.encode(hashA), encoder.encode(hashB));
}

export async function hashMatches(secret: string, storedHash: string): Promise<boolean> {
  return hashesEqual(await sha256Hex(secret), storedHash);
}

/** Two hashes compared in constant time (a presented secret's, hashed first, against the stored one). */
export function hashesEqual(presentedHash: string, storedHash: string): boolean {
  const encoder = new TextEncoder();
  const [actual, expected] = [encoder.encode(presentedHash), encoder.encode(storedHash)];
  return actual.byteLength === expected.byteLength && crypto.subtle.timingSafeEqual(actual, expected);
}
