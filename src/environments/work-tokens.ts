// The credential a poll hands out with a work item: a work token `sk-lucid-<tenant>.<work id>.<secret>` (the shape of
// every Lucid key, so the edge parses it like one), wrapped in the item's `secret` as the SDK's worker decodes it
// (base64url JSON `{sessions_token, api_base_url}`). Only the SHA-256 hash of the secret is stored, on the item.
import { formatApiKey } from "../directory/api-key-secret";
import { newSecret } from "../ids";
import { sha256Hex } from "../sha256";

/** A fresh secret and its hash, made before the item it goes with is chosen (hashing waits; choosing must not). */
export async function newWorkSecret(): Promise<{ secret: string; hash: string }> {
  const secret = newSecret();
  return { secret, hash: await sha256Hex(secret) };
}

/** The `secret` field of a handed-out item: BetaWorkSecret as base64url JSON. */
export function encodeWorkSecret(tenantId: string, workId: string, secret: string, apiBaseUrl: string): string {
  const json = JSON.stringify({ sessions_token: formatApiKey(tenantId, workId, secret), api_base_url: apiBaseUrl });
  const bytes = new TextEncoder().encode(json);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
