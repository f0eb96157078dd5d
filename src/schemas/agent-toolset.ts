// The built-in agent toolset (`agent_toolset_20260401`) as the Managed Agents API types it, and which of its tools Lucid offers.
import { z } from "zod";
import { notSupportedYet } from "./common";

const TOOL_NAMES = ["bash", "edit", "read", "write", "glob", "grep", "web_fetch", "web_search"] as const;
type ToolsetToolName = (typeof TOOL_NAMES)[number];

/** Where a session's toolset tools run: Lucid's own workspace (`cloud`), or the user's worker (`self_hosted`). */
export type ToolsetHost = "cloud" | "self_hosted";

/** The tools Lucid runs itself in a cloud environment, over the session's workspace (it has no shell there). */
export const WORKSPACE_TOOLS = ["read", "write", "edit", "glob", "grep"] as const;
export type WorkspaceTool = (typeof WORKSPACE_TOOLS)[number];

/** The tools a self-hosted environment's worker runs on its machine (the SDK's `betaAgentToolset20260401`). */
export const WORKER_TOOLS = ["bash", "read", "write", "edit", "glob", "grep"] as const;
export type WorkerTool = (typeof WORKER_TOOLS)[number];

/** Whether a tool name is one a self-hosted environment's worker runs. */
export const isWorkerToolName = (name: string): name is WorkerTool => (WORKER_TOOLS as readonly string[]).includes(name);

const OFFERED: Record<ToolsetHost, readonly ToolsetToolName[]> = { cloud: WORKSPACE_TOOLS, self_hosted: WORKER_TOOLS };

/** Why Lucid cannot offer the others anywhere; enabling one by name is refused with this reason. */
const UNAVAILABLE: Partial<Record<ToolsetToolName, string>> = {
  web_fetch: "Lucid does not fetch web pages for agents yet",
  web_search: "Lucid does not search the web for agents yet",
};

export const PermissionPolicy = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("always_allow") }),
  z.strictObject({ type: z.literal("always_ask") }),
  z.strictObject({ type: z.literal("auto") }),
]);
export type PermissionPolicy = z.infer<typeof PermissionPolicy>;

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
 * simply left out when only the default enables them. `bash` is offered only where a worker runs the tools (a
 * self-hosted environment): an agent's config serves every environment, so enabling it is not an error. `always_ask`
 * makes each call wait for a `user.tool_confirmation`; `auto` is evaluated as allow.
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
  return problems;
}

const toolsetOf = (tools: readonly { type: string }[]) => tools.find((tool): tool is AgentToolset => tool.type === "agent_toolset_20260401");

const enabled = (toolset: AgentToolset, name: ToolsetToolName) =>
  toolset.configs.find((config) => config.name === name)?.enabled ?? toolset.default_config.enabled;

/** The tools of a toolset offered to the model where `host` runs them: those enabled by their config, or else by the default. */
export function offeredTools<H extends ToolsetHost>(toolset: AgentToolset, host: H): (H extends "cloud" ? WorkspaceTool : WorkerTool)[] {
  return OFFERED[host].filter((name) => enabled(toolset, name)) as (H extends "cloud" ? WorkspaceTool : WorkerTool)[];
}

/** The offered tools of an agent's tool list where `host` runs them (none without a toolset). */
export function offeredToolsOf<H extends ToolsetHost>(tools: readonly { type: string }[], host: H): (H extends "cloud" ? WorkspaceTool : WorkerTool)[] {
  const toolset = toolsetOf(tools);
  return toolset ? offeredTools(toolset, host) : [];
}

/** The permission policy of one of the toolset's tools: its own config's, or else the default's. */
export function permissionPolicyOf(tools: readonly { type: string }[], name: string): PermissionPolicy {
  const toolset = toolsetOf(tools);
  if (!toolset) return { type: "always_allow" };
  return toolset.configs.find((config) => config.name === name)?.permission_policy ?? toolset.default_config.permission_policy;
}

/** At most one toolset, and no custom tool named like a tool it offers anywhere (the model would see two tools of one name). */
export function toolListProblems(tools: readonly ({ type: string; name?: string } | AgentToolset)[]): string[] {
  if (tools.filter((tool) => tool.type === "agent_toolset_20260401").length > 1) return ["at most one agent_toolset_20260401 may be declared"];
  const offered = new Set<string>([...offeredToolsOf(tools, "cloud"), ...offeredToolsOf(tools, "self_hosted")]);
  return tools.flatMap((tool) =>
    tool.type === "custom" && "name" in tool && tool.name && offered.has(tool.name)
      ? [`custom tool '${tool.name}' has the name of a built-in tool the agent toolset enables; rename it or disable that tool`]
      : [],
  );
}
