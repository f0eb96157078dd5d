// The tools of an agent's MCP servers (`mcp_toolset`), as one more family: offered under `<server>__<tool>` from the
// lists the session keeps (src/agent/session-mcp-tools.ts), each call made by Lucid as the MCP client with the
// session's vault credential for the server, the step's abort signal and a timeout. A server's failure is the call's
// error result, which the model can act on; the credential is never in it.
import type Anthropic from "@anthropic-ai/sdk";
import { callMcpTool, type ListedMcpTool, McpServerError } from "../mcp/mcp-client";
import { authorizationFor } from "../mcp/vault-authorization";
import type { PermissionPolicy } from "../schemas/agent-toolset";
import type { McpServer } from "../schemas/mcp-servers";
import { type ToolOutcome, toolFailed, toolInterrupted } from "./tool-outcome";
import type { ToolContext, Toolset } from "./toolset";

/** One MCP tool as this session offers it. */
export interface OfferedMcpTool {
  /** The name the model sees: `<server>__<tool>` (see mcpOfferedName). */
  offered_name: string;
  server: McpServer;
  tool: ListedMcpTool;
  permission_policy: PermissionPolicy;
}

const offeredTool = (name: string, context: ToolContext) => context.mcpTools.find((tool) => tool.offered_name === name);

export const mcpTools: Toolset = {
  family: "mcp",
  definitions: (context): Anthropic.Tool[] =>
    context.mcpTools.map((offered) => ({
      name: offered.offered_name,
      description: `${offered.tool.description} (MCP server ${offered.server.name}, tool ${offered.tool.name})`.trim(),
      input_schema: { type: "object", ...offered.tool.input_schema } as Anthropic.Tool.InputSchema,
    })),
  owns: (name, context) => offeredTool(name, context) !== undefined,
  permission: (name, context) => offeredTool(name, context)?.permission_policy ?? { type: "always_ask" },
  async run(call, context, signal): Promise<ToolOutcome> {
    const offered = offeredTool(call.name, context);
    if (!offered) return toolFailed(`The MCP tool '${call.name}' is no longer offered: its server's tool list changed.`);
    try {
      const authorization = await authorizationFor(context.env, context.tenantId, context.vaultIds, offered.server);
      const result = await callMcpTool(
        {
          env: context.env,
          server: offered.server,
          authorization,
          signal,
          timeoutMs: context.mcpTimeoutMs,
          onToolsChanged: () => context.mcpToolsChanged(offered.server.name),
        },
        offered.tool.name,
        (call.input ?? {}) as Record<string, unknown>,
      );
      return { content: result.text || "(no content)", is_error: result.isError };
    } catch (error) {
      if (signal.aborted) return toolInterrupted();
      if (error instanceof McpServerError) return toolFailed(error.message);
      throw error;
    }
  },
};
