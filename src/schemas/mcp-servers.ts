// MCP servers an agent connects to (`mcp_servers`) and the toolsets that offer their tools (`mcp_toolset` entries of
// `tools`), as the Managed Agents API types them. Each server is referenced by exactly one toolset, and the reverse.
import { z } from "zod";
import { PermissionPolicy } from "./agent-toolset";
import { MAX_MCP_SERVERS_PER_AGENT, MAX_URL_CHARS } from "./limits";
import { VaultIds } from "./vault";

/**
 * Letters, digits, `_` and `-`, without `__`: the model is offered a server's tools as `<server>__<tool>`, so the
 * first `__` of an offered name always ends the server's name (Lucid's rule; the API does not state one).
 */
export const McpServerName = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,32}$/, "MCP server names are 1-32 letters, digits, '_' or '-'")
  .refine((name) => !name.includes("__"), "MCP server names may not contain '__' (it separates the server from the tool in the names the model sees)");

/** Where Lucid, the MCP client, reaches the server: Streamable HTTP at this URL. */
export const McpServer = z.strictObject({
  type: z.literal("url"),
  name: McpServerName,
  url: z.url({ protocol: /^https?$/, error: "must be an http or https URL" }).max(MAX_URL_CHARS),
});
export type McpServer = z.infer<typeof McpServer>;

export const McpServerList = z
  .array(McpServer)
  .max(MAX_MCP_SERVERS_PER_AGENT, `an agent connects to at most ${MAX_MCP_SERVERS_PER_AGENT} MCP servers`)
  .superRefine((servers, context) => {
    const seen = new Set<string>();
    for (const server of servers) {
      if (seen.has(server.name)) context.addIssue({ code: "custom", message: `MCP server name '${server.name}' is used twice; names must be unique` });
      seen.add(server.name);
    }
  });

/** MCP tools wait for a confirmation unless configured otherwise, so a tool a server adds later never runs unasked. */
const DEFAULT_MCP_PERMISSION: PermissionPolicy = { type: "always_ask" };

const McpToolName = z.string().min(1).max(128);

const McpToolConfig = z.object({ name: McpToolName, enabled: z.boolean(), permission_policy: PermissionPolicy });

/** The toolset as stored and returned: every given config resolved against the defaults. */
export const McpToolset = z.object({
  type: z.literal("mcp_toolset"),
  mcp_server_name: McpServerName,
  configs: z.array(McpToolConfig),
  default_config: z.object({ enabled: z.boolean(), permission_policy: PermissionPolicy }),
});
export type McpToolset = z.infer<typeof McpToolset>;

/** The toolset as agents declare it; per-tool configs override the default for the tools they name. */
export const McpToolsetParam = z
  .strictObject({
    type: z.literal("mcp_toolset"),
    mcp_server_name: McpServerName,
    configs: z
      .array(z.strictObject({ name: McpToolName, enabled: z.boolean().nullish(), permission_policy: PermissionPolicy.nullish() }))
      .max(128)
      .optional(),
    default_config: z.strictObject({ enabled: z.boolean().nullish(), permission_policy: PermissionPolicy.nullish() }).nullish(),
  })
  .superRefine((toolset, context) => {
    const names = (toolset.configs ?? []).map((config) => config.name);
    const twice = names.find((name, index) => names.indexOf(name) !== index);
    if (twice) context.addIssue({ code: "custom", message: `mcp_toolset '${toolset.mcp_server_name}' configures tool '${twice}' twice` });
  })
  .transform((toolset): McpToolset => {
    const defaults = {
      enabled: toolset.default_config?.enabled ?? true,
      permission_policy: toolset.default_config?.permission_policy ?? DEFAULT_MCP_PERMISSION,
    };
    return {
      type: "mcp_toolset",
      mcp_server_name: toolset.mcp_server_name,
      configs: (toolset.configs ?? []).map((config) => ({
        name: config.name,
        enabled: config.enabled ?? defaults.enabled,
        permission_policy: config.permission_policy ?? defaults.permission_policy,
      })),
      default_config: defaults,
    };
  });

/** Model tool names: letters, digits, `_` and `-`, at most 64 characters. */
const MODEL_TOOL_NAME_CHARS = 64;

/**
 * The name the model is offered a server's tool under: `<server>__<tool>`, the tool's characters outside the model's
 * alphabet replaced by `_` and the whole cut to 64. Two tools of a server may come out the same; the listing offers
 * only the first of them.
 */
export function mcpOfferedName(serverName: string, toolName: string): string {
  return `${serverName}__${toolName.replace(/[^a-zA-Z0-9_-]/g, "_")}`.slice(0, MODEL_TOOL_NAME_CHARS);
}

/** The settings of one of a server's tools: its own config, else the toolset's default. */
export function mcpToolSettings(toolset: McpToolset, toolName: string): { enabled: boolean; permission_policy: PermissionPolicy } {
  return toolset.configs.find((config) => config.name === toolName) ?? toolset.default_config;
}

/** Why an agent's servers and MCP toolsets do not fit together (each server has exactly one toolset, and the reverse). */
export function mcpConfigProblems(servers: readonly McpServer[], tools: readonly { type: string; mcp_server_name?: string }[]): string[] {
  const toolsets = tools.flatMap((tool) => (tool.type === "mcp_toolset" && tool.mcp_server_name ? [tool.mcp_server_name] : []));
  const serverNames = new Set(servers.map((server) => server.name));
  const problems: string[] = [];
  for (const name of toolsets) {
    if (!serverNames.has(name)) problems.push(`mcp_toolset references MCP server '${name}', which is not in mcp_servers`);
  }
  for (const name of new Set(toolsets)) {
    if (toolsets.filter((other) => other === name).length > 1) problems.push(`MCP server '${name}' has more than one mcp_toolset; give it one`);
  }
  for (const server of servers) {
    if (!toolsets.includes(server.name))
      problems.push(`MCP server '${server.name}' has no mcp_toolset in tools; add {"type": "mcp_toolset", "mcp_server_name": "${server.name}"}`);
  }
  return problems;
}

/** Lucid extension: what checking one of an agent's MCP servers found (`POST /v1/agents/{id}/mcp_servers/{name}/check`). */
export const McpServerCheckRequest = z.strictObject({
  /** The vaults whose credential for the server's URL the check presents, as a session with these vaults would. */
  vault_ids: VaultIds.optional(),
});
export type McpServerCheckRequest = z.infer<typeof McpServerCheckRequest>;

export const McpServerCheck = z.object({
  type: z.literal("mcp_server_check"),
  mcp_server_name: z.string(),
  url: z.string(),
  /** `ok`: listed; `authentication_failed`: the server refused the credential (or it could not be refreshed); else `connection_failed`. */
  status: z.enum(["ok", "authentication_failed", "connection_failed"]),
  /** Whether a credential from the vaults was sent (false: none holds one for the URL, or its refresh failed first). */
  credential_sent: z.boolean(),
  tools: z.array(z.object({ name: z.string(), description: z.string() })),
  message: z.string().nullable(),
  checked_at: z.string(),
});
export type McpServerCheck = z.infer<typeof McpServerCheck>;
