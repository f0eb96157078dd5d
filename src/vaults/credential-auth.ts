// A credential's auth split in two: what the API shows (server URL, expiry, refresh settings) and its secrets, on
// create, and an update applied to both with the API's rules (the type and server URL never change; a secret left out
// is kept).
import { invalidRequest } from "../platform/errors";
import type { CredentialAuthCreate, CredentialAuthResponse, CredentialAuthUpdate, McpOAuthAuthResponse } from "../schemas/vault-credential";
import type { CredentialSecrets, SecretField } from "./credential-secrets";

/** The auth a create sends, as the API will show it, and the secrets to seal. */
export function splitNewAuth(auth: CredentialAuthCreate): { shown: CredentialAuthResponse; secrets: CredentialSecrets } {
  if (auth.type === "static_bearer") return { shown: { type: auth.type, mcp_server_url: auth.mcp_server_url }, secrets: { token: auth.token } };
  const { refresh } = auth;
  const secrets: CredentialSecrets = { access_token: auth.access_token };
  if (refresh) secrets.refresh_token = refresh.refresh_token;
  if (refresh && refresh.token_endpoint_auth.type !== "none") secrets.client_secret = refresh.token_endpoint_auth.client_secret;
  const shown: McpOAuthAuthResponse = {
    type: "mcp_oauth",
    mcp_server_url: auth.mcp_server_url,
    expires_at: auth.expires_at ?? null,
    refresh: refresh
      ? {
          client_id: refresh.client_id,
          token_endpoint: refresh.token_endpoint,
          token_endpoint_auth: { type: refresh.token_endpoint_auth.type },
          resource: refresh.resource ?? null,
          scope: refresh.scope ?? null,
        }
      : null,
  };
  return { shown, secrets };
}

/** The new secrets an update sends, before it is checked against the credential (they are sealed first, then applied). */
export function secretsOfUpdate(auth: CredentialAuthUpdate): CredentialSecrets {
  if (auth.type === "static_bearer") return auth.token ? { token: auth.token } : {};
  const secrets: CredentialSecrets = {};
  if (auth.access_token) secrets.access_token = auth.access_token;
  if (auth.refresh?.refresh_token) secrets.refresh_token = auth.refresh.refresh_token;
  if (auth.refresh?.token_endpoint_auth?.client_secret) secrets.client_secret = auth.refresh.token_endpoint_auth.client_secret;
  return secrets;
}

/** The auth as it will show after the update, and the secret fields the update removes (a refresh configuration set to null). */
export function applyAuthUpdate(
  credentialId: string,
  current: CredentialAuthResponse,
  update: CredentialAuthUpdate,
): { shown: CredentialAuthResponse; removed: SecretField[] } {
  if (update.type !== current.type) {
    throw invalidRequest(`auth.type: credential '${credentialId}' is a ${current.type} credential; its type cannot change (create a new credential instead).`);
  }
  if (update.type === "static_bearer" || current.type === "static_bearer") return { shown: current, removed: [] };
  const shown: McpOAuthAuthResponse = { ...current };
  if (update.expires_at !== undefined) shown.expires_at = update.expires_at;
  if (update.refresh === null) return { shown: { ...shown, refresh: null }, removed: ["refresh_token", "client_secret"] };
  if (update.refresh === undefined) return { shown, removed: [] };
  if (!current.refresh)
    throw invalidRequest(`auth.refresh: credential '${credentialId}' has no refresh configuration to update; create a new credential with one.`);
  const refresh = { ...current.refresh };
  // An empty string clears the scope, as the API documents; null or absent keeps it.
  if (update.refresh.scope != null) refresh.scope = update.refresh.scope === "" ? null : update.refresh.scope;
  if (update.refresh.token_endpoint_auth && refresh.token_endpoint_auth.type === "none") {
    throw invalidRequest(
      `auth.refresh.token_endpoint_auth: credential '${credentialId}' authenticates to its token endpoint with no client secret; only a client_secret_basic or client_secret_post credential takes a new one.`,
    );
  }
  return { shown: { ...shown, refresh }, removed: [] };
}
