// mcp_oauth_validate: whether an mcp_oauth credential works against its MCP server. A token that is due is refreshed
// first; the server is probed (initialize, tools/list) with the token; a refusal is answered by one refresh and a second
// probe. The verdict says `valid`, `invalid` (refused, or the refresh was) or `unknown` (nothing could tell).
import type { Env } from "../env";
import { probeMcpServer } from "../mcp/mcp-probe";
import type { CredentialValidation, McpOAuthAuthResponse, RefreshAttempt } from "../schemas/vault-credential";
import type { CredentialRefresh } from "./credential-refresh";

export interface ValidationSubject {
  env: Env;
  vaultId: string;
  credentialId: string;
  auth: McpOAuthAuthResponse;
  hasRefreshToken: boolean;
  refreshDue: boolean;
  /** The access token as stored now (after a refresh, the new one). */
  accessToken(): Promise<string>;
  refresh(): Promise<CredentialRefresh>;
  /** Every secret of the credential, scrubbed from what the servers answered. */
  secrets(): Promise<string[]>;
}

type Verdict = Pick<CredentialValidation, "status" | "mcp_probe" | "refresh">;

export async function validateMcpOAuthCredential(subject: ValidationSubject): Promise<CredentialValidation> {
  const verdict = await judge(subject);
  return {
    type: "vault_credential_validation",
    credential_id: subject.credentialId,
    vault_id: subject.vaultId,
    has_refresh_token: subject.hasRefreshToken,
    validated_at: new Date().toISOString(),
    ...verdict,
  };
}

async function judge(subject: ValidationSubject): Promise<Verdict> {
  let refresh: RefreshAttempt | null = null;
  if (subject.refreshDue) {
    refresh = attemptOf(await subject.refresh());
    if (refresh.status !== "succeeded") return { status: verdictOfFailedRefresh(refresh), mcp_probe: null, refresh };
  }
  const first = await probe(subject);
  if (first.ok) return { status: "valid", mcp_probe: null, refresh };
  if (!first.refused) return { status: "unknown", mcp_probe: first.probe, refresh };
  if (refresh) return { status: "invalid", mcp_probe: first.probe, refresh };
  // Refused: a token revoked or expired early may be recovered by the refresh token, as a session would need.
  if (!subject.hasRefreshToken) return { status: "invalid", mcp_probe: first.probe, refresh: { status: "no_refresh_token", http_response: null } };
  refresh = attemptOf(await subject.refresh());
  if (refresh.status !== "succeeded") return { status: verdictOfFailedRefresh(refresh), mcp_probe: first.probe, refresh };
  const second = await probe(subject);
  if (second.ok) return { status: "valid", mcp_probe: null, refresh };
  return { status: second.refused ? "invalid" : "unknown", mcp_probe: second.probe, refresh };
}

async function probe(subject: ValidationSubject) {
  return probeMcpServer(subject.env, subject.auth.mcp_server_url, `Bearer ${await subject.accessToken()}`, await subject.secrets());
}

function attemptOf(outcome: CredentialRefresh): RefreshAttempt {
  if (outcome.status === "succeeded" || outcome.status === "no_refresh_token") return { status: outcome.status, http_response: null };
  return { status: outcome.status, http_response: outcome.http_response };
}

/** A token endpoint that said no means the user must authorize again; one that could not be reached tells nothing. */
const verdictOfFailedRefresh = (refresh: RefreshAttempt) => (refresh.status === "connect_error" ? "unknown" : "invalid");
