// The credential a session presents to an MCP server: from the session's vaults, in the order given, the first active
// credential whose `mcp_server_url` is the server's URL exactly. None: the server is called without one. A credential
// whose OAuth token could not be refreshed is an authentication failure, not a call without a credential.
import type { Env } from "../env";
import { ApiError } from "../platform/errors";
import { vaultOf } from "../platform/stubs";
import type { McpServer } from "../schemas/mcp-servers";
import { McpServerError } from "./mcp-client";

/** The `Authorization` header value for `server`, or null when no vault of the session holds a credential for it. */
export async function authorizationFor(env: Env, tenantId: string, vaultIds: readonly string[], server: McpServer): Promise<string | null> {
  for (const vaultId of vaultIds) {
    const found = await vaultOf(env, vaultId)
      .credentialForServer(tenantId, vaultId, server.url)
      .catch((error: unknown) => {
        // A vault deleted since the session started holds nothing any more; the next one may.
        if (error instanceof ApiError && error.type === "not_found_error") return null;
        // One whose secret cannot be opened (a lost key) is the credential failing, said as such, not a call without it.
        if (error instanceof ApiError)
          throw new McpServerError("authentication", `MCP server '${server.name}': the credential in vault '${vaultId}' cannot be used: ${error.detail}`);
        throw error;
      });
    if (found?.authorization === null) {
      throw new McpServerError("authentication", `MCP server '${server.name}' was not called with credential '${found.credential_id}': ${found.error}`);
    }
    if (found) return found.authorization;
  }
  return null;
}
