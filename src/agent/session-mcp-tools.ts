// The MCP tools a session is offered: each of its agent's servers listed once (at the first step, and again after the
// server says its list changed), kept in `mcp_tool_lists`, and offered under `<server>__<tool>` names as their
// toolsets allow. A server that cannot be listed is reported (`session.error`) and left out until a later step lists it.
import type { Env } from "../env";
import { setBounded } from "../platform/bounded-map";
import { authorizationFor } from "../mcp/vault-authorization";
import { type ListedMcpTool, listMcpTools, McpServerError } from "../mcp/mcp-client";
import type { Agent } from "../schemas/agent";
import { type McpServer, type McpToolset, mcpOfferedName, mcpToolSettings } from "../schemas/mcp-servers";
import type { OfferedMcpTool } from "../tools/mcp-tools";
import type { Append } from "./session-status";

/** Appends events to a session in one transaction (the AgentCore's `record`). */
type RecordEvents = (sessionId: string, write: (append: Append) => void) => unknown;

/**
 * A server that could not be listed is tried again at a session's steps only after this long, so a turn of many steps
 * against a server that is down reports it once, not at every step. Kept in the object's memory: a restart tries at once.
 */
export const RELIST_AFTER_FAILURE_MS = 30_000;

/** Failed servers remembered at once; past it, the oldest is forgotten (and listed again at its session's next step). */
const MAX_REMEMBERED_FAILURES = 1_000;

/** When each session's failed server may be listed again, by `<session> <server>`. */
export type McpListFailures = Map<string, number>;
const failureKey = (sessionId: string, serverName: string) => `${sessionId} ${serverName}`;

const toolsetOf = (agent: Agent, serverName: string) =>
  agent.tools.find((tool): tool is McpToolset => tool.type === "mcp_toolset" && tool.mcp_server_name === serverName);

/** The tools offered from the lists kept for the session: enabled ones, each offered name once (the first tool keeps it). */
export function offeredMcpTools(sql: SqlStorage, sessionId: string, agent: Agent): OfferedMcpTool[] {
  // Every step builds a tool context: an agent without MCP servers costs it no query.
  if (agent.mcp_servers.length === 0) return [];
  const rows = sql.exec<{ server_name: string; tools: string }>("SELECT server_name, tools FROM mcp_tool_lists WHERE session_id = ?", sessionId).toArray();
  const listed = new Map(rows.map((row) => [row.server_name, JSON.parse(row.tools) as ListedMcpTool[]]));
  const offered: OfferedMcpTool[] = [];
  const names = new Set<string>();
  // In the agent's server order, so the tools (part of the cached prompt prefix) keep their order between steps.
  for (const server of agent.mcp_servers) {
    const toolset = toolsetOf(agent, server.name);
    for (const tool of (toolset && listed.get(server.name)) || []) {
      const settings = mcpToolSettings(toolset!, tool.name);
      const offeredName = mcpOfferedName(server.name, tool.name);
      if (!settings.enabled || names.has(offeredName)) continue;
      names.add(offeredName);
      offered.push({ offered_name: offeredName, server, tool, permission_policy: settings.permission_policy });
    }
  }
  return offered;
}

/** Forgets a server's list, so the next step lists it again (the server said it changed). */
export function forgetMcpToolList(sql: SqlStorage, sessionId: string, serverName: string): void {
  sql.exec("DELETE FROM mcp_tool_lists WHERE session_id = ? AND server_name = ?", sessionId, serverName);
}

/** Lists every server of the agent the session has no list of yet; a failure is recorded and the others go on. */
export async function listMissingMcpTools(
  context: { env: Env; sql: SqlStorage; record: RecordEvents; tenantId: string; vaultIds: readonly string[]; failures: McpListFailures },
  sessionId: string,
  agent: Agent,
  signal: AbortSignal,
): Promise<void> {
  const { sql } = context;
  const listedServers = new Set(
    sql
      .exec<{ server_name: string }>("SELECT server_name FROM mcp_tool_lists WHERE session_id = ?", sessionId)
      .toArray()
      .map((row) => row.server_name),
  );
  const now = Date.now();
  const missing = agent.mcp_servers.filter(
    (server) => !listedServers.has(server.name) && (context.failures.get(failureKey(sessionId, server.name)) ?? 0) <= now,
  );
  await Promise.all(
    missing.map(async (server: McpServer) => {
      let changed = false;
      try {
        const authorization = await authorizationFor(context.env, context.tenantId, context.vaultIds, server);
        const tools = await listMcpTools({
          env: context.env,
          server,
          authorization,
          signal,
          timeoutMs: timeoutOf(context.env),
          onToolsChanged: () => {
            changed = true;
          },
        });
        if (signal.aborted || changed) return;
        context.failures.delete(failureKey(sessionId, server.name));
        sql.exec(
          "INSERT OR REPLACE INTO mcp_tool_lists (session_id, server_name, tools, listed_at) VALUES (?, ?, ?, ?)",
          sessionId,
          server.name,
          JSON.stringify(tools),
          new Date().toISOString(),
        );
      } catch (error) {
        if (signal.aborted || !(error instanceof McpServerError)) throw error;
        setBounded(context.failures, failureKey(sessionId, server.name), Date.now() + RELIST_AFTER_FAILURE_MS, MAX_REMEMBERED_FAILURES);
        context.record(sessionId, (append) =>
          append("session.error", {
            error: {
              type: error.kind === "authentication" ? "mcp_authentication_failed_error" : "mcp_connection_failed_error",
              mcp_server_name: server.name,
              message: error.message,
              // Its tools are left out meanwhile; a step after RELIST_AFTER_FAILURE_MS lists the server again.
              retry_status: { type: "retrying" },
            },
          }),
        );
      }
    }),
  );
}

export const timeoutOf = (env: Env) => Number(env.LUCID_MCP_TIMEOUT_MS ?? 30_000);
