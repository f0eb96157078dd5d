// Checking one of an agent's MCP servers as a session would reach it: the credential its vaults hold for the server's
// URL, then a listing of its tools. What the dashboard shows as the server's health.
import type { Env } from "../env";
import type { McpServer, McpServerCheck } from "../schemas/mcp-servers";
import { listMcpTools, McpServerError } from "./mcp-client";
import { authorizationFor } from "./vault-authorization";

export async function checkMcpServer(env: Env, tenantId: string, server: McpServer, vaultIds: readonly string[]): Promise<McpServerCheck> {
  const base = { type: "mcp_server_check" as const, mcp_server_name: server.name, url: server.url };
  const checkedAt = () => new Date().toISOString();
  let sent = false;
  try {
    const authorization = await authorizationFor(env, tenantId, vaultIds, server);
    sent = authorization !== null;
    const tools = await listMcpTools({
      env,
      server,
      authorization,
      signal: new AbortController().signal,
      timeoutMs: Number(env.LUCID_MCP_TIMEOUT_MS ?? 30_000),
    });
    return {
      ...base,
      status: "ok",
      credential_sent: sent,
      tools: tools.map((tool) => ({ name: tool.name, description: tool.description })),
      message: null,
      checked_at: checkedAt(),
    };
  } catch (error) {
    if (!(error instanceof McpServerError)) throw error;
    return {
      ...base,
      status: error.kind === "authentication" ? "authentication_failed" : "connection_failed",
      credential_sent: sent,
      tools: [],
      message: error.message,
      checked_at: checkedAt(),
    };
  }
}
