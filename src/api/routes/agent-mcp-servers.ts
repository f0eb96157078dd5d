// /v1/agents/{id}/mcp_servers/{name}/check (Lucid extension): one of an agent's MCP servers reached as a session with
// the given vaults would reach it, and its tools listed. What the dashboard shows as the server's health.
import { Hono } from "hono";
import { checkMcpServer } from "../../mcp/mcp-server-check";
import { notFound } from "../../platform/errors";
import { McpServerCheck, McpServerCheckRequest } from "../../schemas/mcp-servers";
import { requireUsableVaults } from "../../vaults/usable-vaults";
import type { AppEnv } from "../app-env";
import { agentStub } from "../object-stubs";
import { answer, operation } from "../operation";

export const agentMcpServerRoutes = new Hono<AppEnv>().post(
  "/:id/mcp_servers/:name/check",
  operation({
    operationId: "checkAgentMcpServer",
    summary: "Check one of an agent's MCP servers: connect with the vaults' credential and list its tools",
    tag: "Agents",
    extension: true,
    body: McpServerCheckRequest,
    responses: { 200: McpServerCheck },
  }),
  async (c) => {
    const tenantId = c.get("tenantId");
    const agentId = c.req.param("id");
    const name = c.req.param("name");
    const agent = await agentStub(c, agentId).getAgent(tenantId, agentId);
    const server = agent.mcp_servers.find((candidate) => candidate.name === name);
    if (!server) throw notFound("MCP server", name);
    const vaultIds = c.req.valid("json").vault_ids ?? [];
    await requireUsableVaults(c.env, tenantId, vaultIds, "a check");
    return answer(c, await checkMcpServer(c.env, tenantId, server, vaultIds));
  },
);
