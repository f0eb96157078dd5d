// The vaults a session (or a deployment's sessions) may take MCP credentials from: the tenant's, and not archived.
import type { Env } from "../env";
import { invalidRequest } from "../platform/errors";
import { vaultOf } from "../platform/stubs";

/** Refuses a vault of another tenant or none (not_found_error) and an archived one (invalid_request_error). */
export async function requireUsableVaults(env: Env, tenantId: string, vaultIds: readonly string[], usedBy = "new sessions"): Promise<void> {
  for (const vaultId of vaultIds) {
    const vault = await vaultOf(env, vaultId).getVault(tenantId);
    if (vault.archived_at) throw invalidRequest(`Vault '${vaultId}' is archived; ${usedBy} cannot use it.`);
  }
}
