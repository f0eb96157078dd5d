// The built-in agent toolset (`agent_toolset_20260401`) as the Managed Agents API types it, and which of its tools Lucid offers.
import { z } from "zod";

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

/** The tools Lucid runs itself in every environment (the worker's toolset has none of them): src/tools/web-tools.ts. */
export const WEB_TOOLS = ["web_fetch", "web_search"] as const;
export type WebTool = (typeof WEB_TOOLS)[number];

const OFFERED: Record<ToolsetHost, readonly ToolsetToolName[]> = { cloud: WORKSPACE_TOOLS, self_hosted: WORKER_TOOLS };

/** The most entries in a domain list, as the API documents it. */
const MAX_DOMAINS = 64;

/**
 * A host name like `docs.example.com` (no scheme or port), kept lowercased; web_search's entries may add a path
 * (`example.com/blog`), web_fetch's may not (checked per tool below).
 */
const DomainEntry = z
  .string()
  .max(512)
  .regex(
    /^(?=[^/]{1,253}(\/|$))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(\/[^\s?#]*)?$/i,
    "must be a plain host name like docs.example.com (no scheme or port)",
  )
  .transform((entry) => entry.replace(/^[^/]+/, (host) => host.toLowerCase()));
const DomainList = z.array(DomainEntry).min(1, "must not be empty (leave it out instead)").max(MAX_DOMAINS, `must have at most ${MAX_DOMAINS} entries`);

const UserLocation = z.strictObject({
  type: z.literal("approximate"),
  city: z.string().min(1).max(255).nullish(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be a two-letter ISO 3166-1 country code, uppercase")
    .nullish(),
  region: z.string().min(1).max(255).nullish(),
  timezone: z.string().min(1).max(255).nullish(),
});

// url_sources, as the API types it; Lucid stores the object form it answers with.
const ToolReference = z.strictObject({ type: z.literal("tool_reference"), name: z.string().min(1).max(128) });
const ToolFilter = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("all") }),
  z.strictObject({ type: z.literal("none") }),
  z.strictObject({ type: z.literal("only"), tools: z.array(ToolReference).min(1).max(128) }),
  z.strictObject({ type: z.literal("except"), tools: z.array(ToolReference).min(1).max(128) }),
]);
const ShorthandFilter = z.enum(["all", "none"]).transform((type) => ({ type }));
const ToolFilterParam = z.union([ShorthandFilter, ToolFilter]);
const UserInputParam = z.union([ShorthandFilter, z.strictObject({ type: z.enum(["all", "none"]) })]);
const UrlSources = z.object({
  client_tool_results: ToolFilter.nullable(),
  server_tool_results: ToolFilter.nullable(),
  user_input: z.object({ type: z.enum(["all", "none"]) }).nullable(),
});
export type UrlSources = z.infer<typeof UrlSources>;
export type UrlSourceFilter = z.infer<typeof ToolFilter>;

/** The tools whose results are web_fetch's server-side sources. */
const SERVER_SOURCE_TOOLS: readonly string[] = ["web_search", "web_fetch"];
const UrlSourcesParam = z
  .strictObject({
    client_tool_results: ToolFilterParam.nullish(),
    server_tool_results: ToolFilterParam.nullish(),
    user_input: UserInputParam.nullish(),
  })
  .transform(
    (sources): UrlSources => ({
      client_tool_results: sources.client_tool_results ?? null,
      server_tool_results: sources.server_tool_results ?? null,
      user_input: sources.user_input ?? null,
    }),
  );

/** Which tools each web setting belongs to; on any other tool it is refused. */
const WEB_SETTINGS = {
  allowed_domains: ["web_fetch", "web_search"],
  blocked_domains: ["web_fetch", "web_search"],
  max_content_tokens: ["web_fetch"],
  url_sources: ["web_fetch"],
  user_location: ["web_search"],
} as const satisfies Record<string, readonly WebTool[]>;

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
    allowed_domains: DomainList.optional(),
    blocked_domains: DomainList.optional(),
    max_content_tokens: z.number().int().positive().nullish(),
    url_sources: UrlSourcesParam.nullish(),
    user_location: UserLocation.nullish(),
  })
  .superRefine((config, context) => {
    if (config.type !== undefined && config.type !== config.name) context.addIssue({ code: "custom", message: "type must equal name" });
    for (const [setting, tools] of Object.entries(WEB_SETTINGS)) {
      if (config[setting as keyof typeof WEB_SETTINGS] !== undefined && !(tools as readonly string[]).includes(config.name))
        context.addIssue({ code: "custom", path: [setting], message: `applies only to ${tools.join(" and ")}, not to ${config.name}` });
    }
    if (config.allowed_domains && config.blocked_domains)
      context.addIssue({ code: "custom", message: `${config.name} takes allowed_domains or blocked_domains, not both` });
    if (config.name === "web_fetch")
      for (const setting of ["allowed_domains", "blocked_domains"] as const)
        if (config[setting]?.some((entry) => entry.includes("/")))
          context.addIssue({ code: "custom", path: [setting], message: "web_fetch takes host names only, without a path" });
    const sources = config.url_sources;
    if (sources && [sources.client_tool_results, sources.server_tool_results, sources.user_input].every((filter) => filter?.type === "none"))
      context.addIssue({
        code: "custom",
        path: ["url_sources"],
        message: "may not set every source to none (web_fetch could fetch nothing; disable it instead)",
      });
    const server = sources?.server_tool_results;
    if (server && (server.type === "only" || server.type === "except"))
      for (const tool of server.tools.filter((reference) => !SERVER_SOURCE_TOOLS.includes(reference.name)))
        context.addIssue({ code: "custom", path: ["url_sources", "server_tool_results"], message: `names '${tool.name}': only web_search and web_fetch` });
  });

const DefaultConfigParam = z.strictObject({ enabled: z.boolean().nullish(), permission_policy: PermissionPolicy.nullish() });

const ToolConfig = z.object({
  name: z.enum(TOOL_NAMES),
  type: z.enum(TOOL_NAMES),
  enabled: z.boolean(),
  permission_policy: PermissionPolicy,
  /** Present on web_fetch (null when not set), as the API returns it. */
  url_sources: UrlSources.nullable().optional(),
  allowed_domains: z.array(z.string()).optional(),
  blocked_domains: z.array(z.string()).optional(),
  max_content_tokens: z.number().int().nullable().optional(),
  user_location: UserLocation.nullable().optional(),
});
export type ToolConfig = z.infer<typeof ToolConfig>;

/** The toolset as stored and returned: every given config resolved against the defaults. */
export const AgentToolset = z.object({
  type: z.literal("agent_toolset_20260401"),
  configs: z.array(ToolConfig),
  default_config: z.object({ enabled: z.boolean(), permission_policy: PermissionPolicy }),
});
export type AgentToolset = z.infer<typeof AgentToolset>;

/**
 * The toolset as agents declare it. `bash` is offered only where a worker runs the tools (a self-hosted environment):
 * an agent's config serves every environment, so enabling it is not an error. `web_search` needs the operator's
 * search provider, which a schema cannot see: the agents route refuses a config that enables it by name without one
 * (src/tools/web-search-provider.ts), and a session without one is not offered it. `always_ask` makes each call wait
 * for a `user.tool_confirmation`; `auto` is evaluated as allow.
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
      ...(config.name === "web_fetch" ? { url_sources: config.url_sources ?? null } : {}),
      ...definedOnly({
        allowed_domains: config.allowed_domains,
        blocked_domains: config.blocked_domains,
        max_content_tokens: config.max_content_tokens,
        user_location: config.user_location,
      }),
    }));
    const toolset: AgentToolset = { type: param.type, configs, default_config: defaults };
    for (const problem of toolsetProblems(toolset, new Set((param.configs ?? []).map((config) => config.name))))
      context.addIssue({ code: "custom", message: problem });
    return toolset;
  });

function toolsetProblems(toolset: AgentToolset, named: Set<ToolsetToolName>): string[] {
  const problems: string[] = [];
  if (named.size !== toolset.configs.length) problems.push("configs name a tool more than once");
  return problems;
}

/** The settings a config was given, without those it was not (the API leaves them out of its answer). */
const definedOnly = <T extends Record<string, unknown>>(settings: T): Partial<T> =>
  Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as Partial<T>;

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

/** The web tools a toolset enables (web_search is offered only where the operator configured a search provider). */
export function enabledWebToolsOf(tools: readonly { type: string }[]): WebTool[] {
  const toolset = toolsetOf(tools);
  return toolset ? WEB_TOOLS.filter((name) => enabled(toolset, name)) : [];
}

/** The config an agent gives one of its toolset's tools by name, if any (web tools read their settings from it). */
export function toolConfigOf(tools: readonly { type: string }[], name: ToolsetToolName): ToolConfig | undefined {
  return toolsetOf(tools)?.configs.find((config) => config.name === name);
}

/** At most one toolset, and no custom tool named like a tool it offers anywhere (the model would see two tools of one name). */
export function toolListProblems(tools: readonly ({ type: string; name?: string } | AgentToolset)[]): string[] {
  if (tools.filter((tool) => tool.type === "agent_toolset_20260401").length > 1) return ["at most one agent_toolset_20260401 may be declared"];
  const offered = new Set<string>([...offeredToolsOf(tools, "cloud"), ...offeredToolsOf(tools, "self_hosted"), ...enabledWebToolsOf(tools)]);
  const customNames = tools.flatMap((tool) => (tool.type === "custom" && "name" in tool && tool.name ? [tool.name] : []));
  const clientSources = toolConfigOf(tools, "web_fetch")?.url_sources?.client_tool_results;
  const unknownClientTools =
    clientSources && (clientSources.type === "only" || clientSources.type === "except")
      ? clientSources.tools.filter((reference) => !customNames.includes(reference.name))
      : [];
  return [
    ...customNames.flatMap((name) =>
      offered.has(name) ? [`custom tool '${name}' has the name of a built-in tool the agent toolset enables; rename it or disable that tool`] : [],
    ),
    ...unknownClientTools.map((reference) => `web_fetch url_sources.client_tool_results names '${reference.name}', which is not a custom tool of this agent`),
  ];
}
