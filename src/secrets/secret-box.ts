// Secrets at rest (webhook signing secrets, the vaults' credentials): sealed with AES-256-GCM through WebCrypto
// under LUCID_SECRETS_KEY, each bound to the record it belongs to, and still opened under the previous key after a rotation.
import { ApiError } from "../platform/errors";

/** The bindings that hold the keys: base64 of 32 random bytes each; the previous one only while a rotation settles. */
export interface SecretKeys {
  LUCID_SECRETS_KEY?: string;
  LUCID_SECRETS_KEY_PREVIOUS?: string;
}

/** What an opened secret is, and whether its sealed form should be written again under the current key. */
export interface OpenedSecret {
  plaintext: string;
  sealedUnderPreviousKey: boolean;
}

/** `v1:<key id>:<iv>:<ciphertext and tag>`: the version and the key id let a later format or key open what came before. */
const FORMAT_VERSION = "v1";
const IV_BYTES = 12;
const KEY_BYTES = 32;

interface SealingKey {
  id: string;
  key: CryptoKey;
}

/** Keys imported once per isolate: importing costs far more than sealing a short secret. */
const imported = new Map<string, Promise<SealingKey>>();

/** Whether a stored value is in the sealed format (anything else is not a sealed secret). */
export function isSealedSecret(value: string): boolean {
  return value.startsWith(`${FORMAT_VERSION}:`);
}

/** Seals `plaintext` under the current key; `associatedData` names its record, and opening it elsewhere fails. */
export async function sealSecret(keys: SecretKeys, plaintext: string, associatedData: string): Promise<string> {
  const current = await currentKey(keys);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: encode(associatedData) }, current.key, encode(plaintext));
  return [FORMAT_VERSION, current.id, toBase64(iv), toBase64(new Uint8Array(ciphertext))].join(":");
}

/**
 * Opens a value `sealSecret` made for the same `associatedData`, under the current key or the previous one. Refuses
 * (api_error, naming the cause but nothing of the secret or the keys) one that was altered, moved to another record,
 * or sealed under a key no longer configured.
 */
export async function openSecret(keys: SecretKeys, sealed: string, associatedData: string): Promise<OpenedSecret> {
  const [version, keyId, iv, ciphertext, ...rest] = sealed.split(":");
  if (version !== FORMAT_VERSION || !keyId || !iv || !ciphertext || rest.length > 0) throw unopenable("it is not in a sealed format Lucid knows");
  const current = await currentKey(keys);
  const previous = keys.LUCID_SECRETS_KEY_PREVIOUS ? await importKey(keys.LUCID_SECRETS_KEY_PREVIOUS, "LUCID_SECRETS_KEY_PREVIOUS") : null;
  const key = [current, previous].find((candidate) => candidate?.id === keyId);
  if (!key) throw unopenable(`it was sealed under key ${keyId}, which is neither LUCID_SECRETS_KEY nor LUCID_SECRETS_KEY_PREVIOUS`);
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64(iv), additionalData: encode(associatedData) },
      key.key,
      fromBase64(ciphertext),
    );
    return { plaintext: new TextDecoder().decode(plaintext), sealedUnderPreviousKey: key !== current };
  } catch {
    throw unopenable("it was altered, or sealed for another record");
  }
}

function currentKey(keys: SecretKeys): Promise<SealingKey> {
  if (!keys.LUCID_SECRETS_KEY) {
    throw new ApiError(
      "api_error",
      "Stored secrets cannot be sealed or opened: LUCID_SECRETS_KEY is not set. Set it to the base64 of 32 random bytes (`openssl rand -base64 32 | npx wrangler secret put LUCID_SECRETS_KEY`; `npm start` creates one in .dev.vars).",
    );
  }
  return importKey(keys.LUCID_SECRETS_KEY, "LUCID_SECRETS_KEY");
}

function importKey(encoded: string, binding: string): Promise<SealingKey> {
  let key = imported.get(encoded);
  if (!key) {
    key = importRawKey(encoded, binding);
    // A malformed key is not cached: the error comes back on every use until the binding is fixed.
    key.catch(() => imported.delete(encoded));
    imported.set(encoded, key);
  }
  return key;
}

async function importRawKey(encoded: string, binding: string): Promise<SealingKey> {
  let raw: Uint8Array;
  try {
    raw = fromBase64(encoded.trim());
  } catch {
    raw = new Uint8Array();
  }
  if (raw.byteLength !== KEY_BYTES) throw new ApiError("api_error", `${binding} must be the base64 of exactly ${KEY_BYTES} random bytes.`);
  // The id names the key in sealed values without revealing it: the start of a digest of the 256-bit key.
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", raw));
  const id = [...digest.subarray(0, 4)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return { id, key: await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]) };
}

function unopenable(reason: string): ApiError {
  return new ApiError("api_error", `A stored secret cannot be opened: ${reason}.`);
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}
