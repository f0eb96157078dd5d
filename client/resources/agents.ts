// Lucid's view of agents: the full agent shape (dreaming, memory_store_id, dream_status), dreams on request,
// memory rollback, and whole-agent NDJSON archives.
import type { Agent, AgentImportResult, AgentUpdate, Dream, DreamingUpdate, McpServerCheck } from "../api-types";
import type { Transport } from "../transport";
import { segment } from "./path";

export function agentsResource(transport: Transport) {
  const update = (agentId: string, params: AgentUpdate) => transport.json<Agent>("POST", `/v1/agents/${segment(agentId)}`, { json: params });
  return {
    /** GET /v1/agents/{id}, optionally at an older `version`. */
    retrieve: (agentId: string, query: { version?: number } = {}) => transport.json<Agent>("GET", `/v1/agents/${segment(agentId)}`, { query }),
    /** POST /v1/agents/{id}: any update the route accepts, Lucid's fields included; gives the new version. */
    update,
    /** Changes only the dreaming settings; `version` makes it fail with 409 if the agent changed since it was read. */
    updateDreaming: (agentId: string, params: DreamingUpdate) => update(agentId, { version: params.version, dreaming: params.dreaming }),
    /** Starts a dream over the agent's recent sessions now (POST /v1/agents/{id}/dream). */
    dream: (agentId: string) => transport.json<Dream>("POST", `/v1/agents/${segment(agentId)}/dream`),
    /**
     * Connects to one of the agent's MCP servers as a session with `vault_ids` would (their credential for its URL) and
     * lists its tools: the server's health (POST /v1/agents/{id}/mcp_servers/{name}/check).
     */
    checkMcpServer: (agentId: string, serverName: string, params: { vault_ids?: string[] } = {}) =>
      transport.json<McpServerCheck>("POST", `/v1/agents/${segment(agentId)}/mcp_servers/${segment(serverName)}/check`, { json: params }),
    /** Points the agent back at the memory store it used before its last dream. */
    rollbackMemory: (agentId: string) => transport.json<Agent>("POST", `/v1/agents/${segment(agentId)}/memory/rollback`),
    /** The whole agent as NDJSON text (GET /v1/agents/{id}/export). */
    export: (agentId: string) => transport.text("GET", `/v1/agents/${segment(agentId)}/export`, { headers: { accept: "application/x-ndjson" } }),
    /** Recreates an agent from an archive `export` produced. */
    import: (archive: string) =>
      transport.json<AgentImportResult>("POST", "/v1/agents/import", { body: archive, headers: { "content-type": "application/x-ndjson" } }),
  };
}
