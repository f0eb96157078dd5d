// An agent's MCP server URLs held to the outbound rules (src/safety/url-safety.ts) when the agent is saved, so a URL
// that points inside the network is refused with a reason instead of failing at every session.
import type { Env } from "../env";
import { invalidRequest } from "../platform/errors";
import { outboundUrlProblem } from "../safety/url-safety";
import type { McpServer } from "../schemas/mcp-servers";

export function refuseUnsafeMcpServers(env: Env, servers: readonly McpServer[] | null | undefined): void {
  const allowLoopback = env.LUCID_MCP_ALLOW_LOOPBACK === "true";
  for (const [index, server] of (servers ?? []).entries()) {
    const problem = outboundUrlProblem(server.url, allowLoopback);
    if (problem) throw invalidRequest(`mcp_servers[${index}].url (MCP server '${server.name}') ${problem}.`);
  }
}
