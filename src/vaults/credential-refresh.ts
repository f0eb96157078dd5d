// Refreshing an mcp_oauth credential's access token inside its VaultObject: when it is due, one exchange at a time per
// credential (callers that ask meanwhile wait for the same one), the new tokens sealed and stored, and a failure
// announced as `vault_credential.refresh_failed`, never with a secret.
import type { Env } from "../env";
import type { McpOAuthAuthResponse } from "../schemas/vault-credential";
import { emitWebhookEvent } from "../webhooks/emit";
import { findCredentialRow, rewriteCredential, storedCredential } from "./credential-records";
import { openCredentialSecret, type SecretOwner, sealCredentialSecrets } from "./credential-secrets";
import { type RefreshOutcome, requestTokenRefresh } from "./oauth-token-refresh";

/** A token this close to its expiry is refreshed before use, so it does not lapse during the exchange it is sent for. */
export const REFRESH_MARGIN_MS = 60_000;

/** What refreshing needs of the VaultObject; `inFlight` lives in its memory, one entry per credential being refreshed. */
export interface RefreshHost {
  env: Env;
  sql: SqlStorage;
  storage: DurableObjectStorage;
  waitUntil(promise: Promise<unknown>): void;
  inFlight: Map<string, Promise<CredentialRefresh>>;
}

/** A refresh's outcome, or `no_refresh_token` when the credential has nothing to refresh with. */
export type CredentialRefresh = RefreshOutcome | { status: "no_refresh_token" };

/** Whether the token has expired, or will within the margin, and the credential can be refreshed. */
export function refreshIsDue(auth: McpOAuthAuthResponse, now: number): boolean {
  return auth.refresh !== null && auth.expires_at !== null && Date.parse(auth.expires_at) - REFRESH_MARGIN_MS <= now;
}

/**
 * Refreshes the credential's access token. Concurrent callers share one exchange: the first starts it, the others wait
 * for its outcome, so a token endpoint that rotates refresh tokens never sees the same one twice.
 */
export function refreshCredential(host: RefreshHost, owner: SecretOwner): Promise<CredentialRefresh> {
  const pending = host.inFlight.get(owner.credentialId);
  if (pending) return pending;
  const started = exchange(host, owner).finally(() => host.inFlight.delete(owner.credentialId));
  host.inFlight.set(owner.credentialId, started);
  return started;
}

async function exchange(host: RefreshHost, owner: SecretOwner): Promise<CredentialRefresh> {
  const row = findCredentialRow(host.sql, owner.credentialId);
  if (!row) return { status: "no_refresh_token" };
  const { auth, sealed } = storedCredential(row);
  if (auth.type !== "mcp_oauth" || !auth.refresh || !sealed.refresh_token) return { status: "no_refresh_token" };
  const refreshToken = await openCredentialSecret(host.env, owner, "refresh_token", sealed.refresh_token);
  const clientSecret = sealed.client_secret ? await openCredentialSecret(host.env, owner, "client_secret", sealed.client_secret) : null;
  const outcome = await requestTokenRefresh(host.env, { refresh: auth.refresh, refresh_token: refreshToken, client_secret: clientSecret });
  if (outcome.status !== "succeeded") {
    // One event per failing version of the credential: a session retrying each step does not flood the endpoints;
    // once the credential changes (a refresh that worked, an update) a new failure is announced again.
    const failed = { type: "vault_credential.refresh_failed" as const, id: owner.credentialId, vault_id: owner.vaultId };
    host.waitUntil(emitWebhookEvent(host.env, owner.tenantId, failed, `${owner.credentialId}@${row.updated_at}`));
    return outcome;
  }
  const fresh = await sealCredentialSecrets(host.env, owner, {
    access_token: outcome.access_token,
    ...(outcome.refresh_token ? { refresh_token: outcome.refresh_token } : {}),
  });
  const now = Date.now();
  host.storage.transactionSync(() => {
    const current = findCredentialRow(host.sql, owner.credentialId);
    // Changed while the exchange ran (deleted, archived, given a new refresh token): what the user wrote wins.
    if (!current || current.archived_at || storedCredential(current).sealed.refresh_token !== sealed.refresh_token) return;
    const stored = storedCredential(current);
    if (stored.auth.type !== "mcp_oauth") return;
    const expires_at = outcome.expires_in === null ? null : new Date(now + outcome.expires_in * 1000).toISOString();
    rewriteCredential(
      host.sql,
      current,
      { ...stored, auth: { ...stored.auth, expires_at }, sealed: { ...stored.sealed, ...fresh } },
      new Date(now).toISOString(),
    );
  });
  return outcome;
}
