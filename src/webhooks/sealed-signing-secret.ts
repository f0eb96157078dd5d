// A webhook endpoint's signing secret as its tenant's directory keeps it: sealed (src/secrets/secret-box.ts), bound to
// the tenant and the endpoint, and brought under the current key whenever it is read in an older form.
import { ApiError } from "../platform/errors";
import { isSealedSecret, openSecret, sealSecret, type SecretKeys } from "../secrets/secret-box";
import { rewriteSigningSecret, storedSigningSecrets } from "./endpoint-store";

/** Secrets stored before sealing existed are kept as issued: Standard Webhooks secrets, which begin so. */
const UNSEALED_PREFIX = "whsec_";

/** The secret to sign with, or why there is none (the attempt is then recorded as not sent, and retried). */
export type SigningSecret = { secret: string } | { problem: string };

/** What a re-seal pass did: values rewritten under the current key, and the endpoints whose secret no key opens. */
export interface ResealReport {
  resealed: number;
  unopenable: string[];
}

/** A sealed secret opens only for the endpoint it was made for: a copy moved to another row fails. */
const associatedData = (tenantId: string, endpointId: string) => `webhook_endpoint.signing_secret:${tenantId}:${endpointId}`;

export function sealSigningSecret(keys: SecretKeys, tenantId: string, endpointId: string, secret: string): Promise<string> {
  return sealSecret(keys, secret, associatedData(tenantId, endpointId));
}

/**
 * Opens an endpoint's stored secret for an attempt. A secret stored in the clear (before sealing) or sealed under the
 * previous key is rewritten under the current key on the way, unless the row changed meanwhile (a rotation wins).
 */
export async function openSigningSecret(sql: SqlStorage, keys: SecretKeys, tenantId: string, endpointId: string, stored: string): Promise<SigningSecret> {
  try {
    const opened = await openStored(keys, tenantId, endpointId, stored);
    if (opened.resealed) rewriteSigningSecret(sql, endpointId, stored, opened.resealed);
    return { secret: opened.secret };
  } catch (error) {
    if (error instanceof ApiError) return { problem: error.detail };
    throw error;
  }
}

/** Brings every endpoint's secret under the current key, for the rotation procedure (see docs/reference/security.md). */
export async function resealSigningSecrets(sql: SqlStorage, keys: SecretKeys, tenantId: string): Promise<ResealReport> {
  const report: ResealReport = { resealed: 0, unopenable: [] };
  for (const { id, signing_secret } of storedSigningSecrets(sql)) {
    try {
      const { resealed } = await openStored(keys, tenantId, id, signing_secret);
      if (resealed && rewriteSigningSecret(sql, id, signing_secret, resealed)) report.resealed += 1;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      report.unopenable.push(id);
    }
  }
  return report;
}

/** The plaintext, and the value to store instead when the stored one is not sealed under the current key. */
async function openStored(keys: SecretKeys, tenantId: string, endpointId: string, stored: string): Promise<{ secret: string; resealed: string | null }> {
  if (!isSealedSecret(stored) && stored.startsWith(UNSEALED_PREFIX)) {
    // Without a key, secrets from before sealing still sign (they are as exposed as they were); sealed on the first read with one.
    const resealed = keys.LUCID_SECRETS_KEY ? await sealSigningSecret(keys, tenantId, endpointId, stored) : null;
    return { secret: stored, resealed };
  }
  const opened = await openSecret(keys, stored, associatedData(tenantId, endpointId));
  const resealed = opened.sealedUnderPreviousKey ? await sealSigningSecret(keys, tenantId, endpointId, opened.plaintext) : null;
  return { secret: opened.plaintext, resealed };
}
