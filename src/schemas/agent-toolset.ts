// The built-in agent toolset (`agent_toolset_20260401`) as the Managed Agents API types it, and which of its tools Lucid offers.
import { z } from "zod";
import { notSupportedYet } from "./common";

const TOOL_NAMES = ["bash", "edit", "read", "write", "glob", "grep", "web_fetch", "web_search"] as const;
type ToolsetToolName = (typeof TOOL_NAMES)[number];

/** The tools of the toolset Lucid runs, over the session's workspace. */
export const OFFERED_TOOLS = ["read", "write", "edit", "glob", "grep"] as const;
export type OfferedTool = (typeof OFFERED_TOOLS)[number];

/** Why Lucid cannot offer the others; enabling one by name is refused with this reason. */
const UNAVAILABLE: Partial<Record<ToolsetToolName, string>> = {
  bash: "Lucid has no shell to run commands in (the file tools work on the session's workspace)",
  web_fetch: "Lucid does not fetch web pages for agents yet",
  web_search: "Lucid does not search the web for agents yet",
};

const PermissionPolicy = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("always_allow") }),
  z.strictObject({ type: z.literal("always_ask") }),
  z.strictObject({ type: z.literal("auto") }),
]);
type PermissionPolicy = z.infer<typeof PermissionPolicy>;

const ToolConfigParam = z
  .strictObject({
    name: z.enum(TOOL_NAMES),
    type: z.enum(TOOL_NAMES).optional(),
    enabled: z.boolean().nullish(),
    permission_policy: PermissionPolicy.nullish(),
    // web_fetch and web_search settings, meaningless while those tools are not offered
    allowed_domains: notSupportedYet(),
    blocked_domains: notSupportedYet(),
    max_content_tokens: notSupportedYet(),
    url_sources: notSupportedYet(),
    user_location: notSupportedYet(),
  })
  .refine((config) => config.type === undefined || config.type === config.name, { message: "type must equal name" });

const DefaultConfigParam = z.strictObject({ enabled: z.boolean().nullish(), permission_policy: PermissionPolicy.nullish() });

const ToolConfig = z.object({
  name: z.enum(TOOL_NAMES),
  type: z.enum(TOOL_NAMES),
  enabled: z.boolean(),
  permission_policy: PermissionPolicy,
  /** Present (null) on web_fetch, as the API returns it. */
  url_sources: z.null().optional(),
});

/** The toolset as stored and returned: every given config resolved against the defaults. */
export const AgentToolset = z.object({
  type: z.literal("agent_toolset_20260401"),
  configs: z.array(ToolConfig),
  default_config: z.object({ enabled: z.boolean(), permission_policy: PermissionPolicy }),
});
export type AgentToolset = z.infer<typeof AgentToolset>;

/**
 * The toolset as agents declare it. Tools Lucid cannot offer are refused when a config enables them by name and
 * simply left out when only the default enables them; `always_ask` is refused because tool confirmations
 * (`user.tool_confirmation`) are not supported yet. `auto` runs every call: the tools act only on the workspace.
 */
export const AgentToolsetParam = z
  .strictObject({
    type: z.literal("agent_toolset_20260401"),
    configs: z.array(ToolConfigParam).max(TOOL_NAMES.length).optional(),
    default_config: DefaultConfigParam.nullish(),
  })
  .transform((param, context): AgentToolset => {
    const defaults = {
      enabled: param.default_config?.enabled ?? true,
      permission_policy: param.default_config?.permission_policy ?? { type: "always_allow" as const },
    };
    const configs = (param.configs ?? []).map((config) => ({
      name: config.name,
      type: config.name,
      enabled: config.enabled ?? defaults.enabled,
      permission_policy: config.permission_policy ?? defaults.permission_policy,
      ...(config.name === "web_fetch" ? { url_sources: null } : {}),
    }));
    const toolset: AgentToolset = { type: param.type, configs, default_config: defaults };
    for (const problem of toolsetProblems(toolset, new Set((param.configs ?? []).map((config) => config.name))))
      context.addIssue({ code: "custom", message: problem });
    return toolset;
  });

function toolsetProblems(toolset: AgentToolset, named: Set<ToolsetToolName>): string[] {
  const problems: string[] = [];
  if (named.size !== toolset.configs.length) problems.push("configs name a tool more than once");
  for (const config of toolset.configs) {
    const unavailable = UNAVAILABLE[config.name];
    if (unavailable && config.enabled) problems.push(`the ${config.name} tool cannot be enabled: ${unavailable}; set enabled: false or leave it out`);
  }
  for (const name of offeredTools(toolset)) {
    if (policyOf(toolset, name).type === "always_ask") {
      problems.push(`the ${name} tool's permission_policy always_ask is not supported by Lucid yet (no user.tool_confirmation); use always_allow`);
    }
  }
  return problems;
}

const policyOf = (toolset: AgentToolset, name: ToolsetToolName): PermissionPolicy =>
  toolset.configs.find((config) => config.name === name)?.permission_policy ?? toolset.default_config.permission_policy;

/** The tools of a toolset Lucid offers the model: those enabled by their config, or else by the default. */
export function offeredTools(toolset: AgentToolset): OfferedTool[] {
  return OFFERED_TOOLS.filter((name) => toolset.configs.find((config) => config.name === name)?.enabled ?? toolset.default_config.enabled);
}

/** The offered tools of an agent's tool list (none without a toolset). */
export function offeredToolsOf(tools: readonly { type: string }[]): OfferedTool[] {
  const toolset = tools.find((tool): tool is AgentToolset => tool.type === "agent_toolset_20260401");
  return toolset ? offeredTools(toolset) : [];
}

/** At most one toolset, and no custom tool named like a tool it offers (the model would see two tools of one name). */
export function toolListProblems(tools: readonly ({ type: string; name?: string } | AgentToolset)[]): string[] {
  if (tools.filter((tool) => tool.type === "agent_toolset_20260401").length > 1) return ["at most one agent_toolset_20260401 may be declared"];
  const offered = new Set<string>(offeredToolsOf(tools));
  return tools.flatMap((tool) =>
    tool.type === "custom" && "name" in tool && tool.name && offered.has(tool.name)
      ? [`custom tool '${tool.name}' has the name of a built-in tool the agent toolset enables; rename it or disable that tool`]
      : [],
  );
}
