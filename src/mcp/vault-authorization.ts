// The credential a session presents to an MCP server: from the session's vaults, in the order given, the first active
// credential whose `mcp_server_url` is the server's URL exactly. None: the server is called without one.
import type { Env } from "../env";
import { vaultOf } from "../platform/stubs";

/** The `Authorization` header value for `serverUrl`, or null when no vault of the session holds a credential for it. */
export async function authorizationFor(env: Env, tenantId: string, vaultIds: readonly string[], serverUrl: string): Promise<string | null> {
  for (const vaultId of vaultIds) {
    // A vault deleted since the session started holds nothing any more; the next one may.
    const found = await vaultOf(env, vaultId)
      .credentialForServer(tenantId, vaultId, serverUrl)
      .catch(() => null);
    if (found) return found.authorization;
  }
  return null;
}
