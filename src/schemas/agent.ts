// Agents as the Managed Agents API types them (BetaManagedAgentsAgent), with the parts Lucid supports today.
import { z } from "zod";
import { AgentToolset, AgentToolsetParam, toolListProblems } from "./agent-toolset";
import { CreatedAtQuery, FreeText, Json, Metadata, MetadataPatch, NameText, notSupportedYet } from "./common";
import { MAX_TOOLS_PER_AGENT } from "./limits";
import { McpServer, McpServerList, McpToolset, McpToolsetParam } from "./mcp-servers";
import { Multiagent, MultiagentParam } from "./multiagent";
import { DefaultOutcome, DefaultOutcomeParam } from "./outcome";
import { IntervalMinutes, UtcCronExpression } from "./schedule";

const ModelId = NameText.min(1).max(256);

export const ModelConfig = z.strictObject({
  id: ModelId,
  effort: z.object({ type: z.enum(["low", "medium", "high", "xhigh", "max"]) }).optional(),
  speed: z.enum(["standard", "fast"]).optional(),
});
export type ModelConfig = z.infer<typeof ModelConfig>;

/** `model` may be a bare id or a config object; Lucid stores the object form. */
export const ModelParam = z.union([
  ModelId.transform((id): ModelConfig => ({ id })),
  z
    .strictObject({
      id: ModelId,
      effort: z.union([z.enum(["low", "medium", "high", "xhigh", "max"]), z.object({ type: z.enum(["low", "medium", "high", "xhigh", "max"]) })]).nullish(),
      speed: z.enum(["standard", "fast"]).nullish(),
      inference_geo: notSupportedYet(),
    })
    .transform(
      (model): ModelConfig => ({
        id: model.id,
        ...(model.effort ? { effort: typeof model.effort === "string" ? { type: model.effort } : model.effort } : {}),
        ...(model.speed ? { speed: model.speed } : {}),
      }),
    ),
]);

export const CustomTool = z.strictObject({
  type: z.literal("custom"),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "tool names are 1-64 letters, digits, '_' or '-'"),
  description: FreeText.max(10_000),
  input_schema: z
    .object({
      type: z.literal("object"),
      properties: z.record(z.string(), Json).nullish(),
      required: z.array(z.string()).nullish(),
    })
    .catchall(Json),
});
export type CustomTool = z.infer<typeof CustomTool>;

const ToolParam = z.union([CustomTool, AgentToolsetParam, McpToolsetParam]);

/** A tool entry as stored: a custom tool, the agent toolset or an MCP server's toolset. */
const StoredTool = z.union([CustomTool, AgentToolset, McpToolset]);

const ToolList = z
  .array(ToolParam)
  .max(MAX_TOOLS_PER_AGENT, `an agent has at most ${MAX_TOOLS_PER_AGENT} tools`)
  .superRefine((tools, context) => {
    for (const problem of toolListProblems(tools)) context.addIssue({ code: "custom", message: problem });
  });

const AgentName = NameText.min(1).max(256);
const AgentDescription = FreeText.max(2048);
const SystemPrompt = FreeText.max(100_000);

/** Lucid extension: how sessions use memory. */
export const MemorySettings = z.object({
  /** Tokens of memory (index and relevant memories) loaded into the system prompt at session start. */
  token_budget: z.number().int().min(0).max(50_000),
  /** Whether a session reflects at the end of its work and writes what it learned into its store. */
  reflection: z.boolean(),
});
export type MemorySettings = z.infer<typeof MemorySettings>;
export const DEFAULT_MEMORY_SETTINGS: MemorySettings = { token_budget: 2_000, reflection: true };

/** Cron in UTC or a fixed interval, under the rule every Lucid schedule keeps (src/schedule/cron.ts). */
const DreamSchedule = z.union([
  z.strictObject({ type: z.literal("cron"), expression: UtcCronExpression }),
  z.strictObject({ type: z.literal("interval"), minutes: IntervalMinutes }),
]);

/** Lucid extension: when and how the agent dreams over its recent sessions. */
export const DreamingSettings = z.object({
  enabled: z.boolean(),
  /** Cron (UTC) or a fixed interval; null means dreams only start on request. */
  schedule: DreamSchedule.nullable(),
  /** `auto` points the agent at a dream's output at once; `review` waits for a person to approve it. */
  mode: z.enum(["auto", "review"]),
  /** Model for dreams; the agent's own model when null. */
  model: ModelId.nullable(),
  instructions: FreeText.max(4_096).nullable(),
  /** The most tokens one dream may use (all its model calls); a dream that would exceed it fails instead. */
  token_budget: z.number().int().min(1_000).max(10_000_000),
});
export type DreamingSettings = z.infer<typeof DreamingSettings>;
export const DEFAULT_DREAM_TOKEN_BUDGET = 200_000;
export const DEFAULT_DREAMING_SETTINGS: DreamingSettings = {
  enabled: false,
  schedule: null,
  mode: "review",
  model: null,
  instructions: null,
  token_budget: DEFAULT_DREAM_TOKEN_BUDGET,
};

export const AgentCreate = z.strictObject({
  name: AgentName,
  model: ModelParam,
  description: AgentDescription.nullish(),
  system: SystemPrompt.nullish(),
  tools: ToolList.optional(),
  metadata: Metadata.optional(),
  memory: MemorySettings.partial().strict().optional(),
  dreaming: DreamingSettings.partial().strict().optional(),
  /** Lucid extension: the outcome every session works toward unless it defines its own; null clears it. */
  outcome: DefaultOutcomeParam.nullish(),
  /** Servers Lucid connects to as their MCP client; each needs an `mcp_toolset` entry in `tools`. */
  mcp_servers: McpServerList.optional(),
  skills: notSupportedYet(),
  /** A coordinator and its roster of specialists; the roster is resolved against the tenant's agents when saved. */
  multiagent: MultiagentParam.nullish(),
  execution_identity: notSupportedYet(),
});
export type AgentCreate = z.infer<typeof AgentCreate>;

export const AgentUpdate = z.strictObject({
  version: z.number().int().positive().optional(),
  name: AgentName.optional(),
  model: ModelParam.optional(),
  description: AgentDescription.nullish(),
  system: SystemPrompt.nullish(),
  tools: ToolList.nullish(),
  metadata: MetadataPatch.nullish(),
  memory: MemorySettings.partial().strict().optional(),
  dreaming: DreamingSettings.partial().strict().optional(),
  /** Lucid extension: the outcome every session works toward unless it defines its own; null clears it. */
  outcome: DefaultOutcomeParam.nullish(),
  /** Replaces the list; null or [] removes every server (and their toolsets must go with them). */
  mcp_servers: McpServerList.nullish(),
  skills: notSupportedYet(),
  /** A coordinator and its roster of specialists; the roster is resolved against the tenant's agents when saved. */
  multiagent: MultiagentParam.nullish(),
  execution_identity: notSupportedYet(),
  /**
   * Lucid extension: repoints the agent at another memory store of the tenant (unarchived), the one its new sessions
   * attach by default; the store it leaves is kept, and a rollback returns to it. Not versioned, like dream adoptions.
   */
  memory_store_id: z.string().min(1).max(64).optional(),
});
export type AgentUpdate = z.infer<typeof AgentUpdate>;

/** What one version of an agent is: the fields a session runs with. */
export const AgentConfig = z.object({
  name: z.string(),
  model: ModelConfig,
  description: z.string().nullable(),
  system: z.string().nullable(),
  tools: z.array(StoredTool),
  /** Versions recorded before agents had MCP servers have none. */
  mcp_servers: z.array(McpServer).optional(),
  metadata: Metadata,
  memory: MemorySettings,
  dreaming: DreamingSettings,
  outcome: DefaultOutcome.nullable(),
  multiagent: Multiagent.nullable(),
});
export type AgentConfig = z.infer<typeof AgentConfig>;

/**
 * A version as an agent archive carries it back: the config held to the create request's rules, since an archive is
 * input like any request. Versions recorded before agents had outcomes or coordinated have neither.
 */
export const StoredAgentConfig = AgentConfig.extend({
  name: AgentName,
  description: AgentDescription.nullable(),
  system: SystemPrompt.nullable(),
  tools: z
    .array(StoredTool)
    .max(MAX_TOOLS_PER_AGENT, `an agent has at most ${MAX_TOOLS_PER_AGENT} tools`)
    .superRefine((tools, context) => {
      for (const problem of toolListProblems(tools)) context.addIssue({ code: "custom", message: problem });
    }),
  outcome: DefaultOutcome.nullish(),
  multiagent: Multiagent.nullish(),
});

export const Agent = AgentConfig.extend({
  id: z.string(),
  type: z.literal("agent"),
  version: z.number().int(),
  execution_identity: z.object({ type: z.literal("service_account") }),
  mcp_servers: z.array(McpServer),
  skills: z.array(z.never()),
  /** Lucid extension: the memory store new sessions attach by default (dreams and rollbacks move it). */
  memory_store_id: z.string().nullable(),
  /** Lucid extension: the agent's last dream, why the last one was skipped (if it was), and when the next is due. */
  dream_status: z.object({
    last_dream_id: z.string().nullable(),
    last_skipped: z.object({ at: z.string(), reason: z.string() }).nullable(),
    next_dream_at: z.string().nullable(),
  }),
  created_at: z.string(),
  updated_at: z.string(),
  archived_at: z.string().nullable(),
});
export type Agent = z.infer<typeof Agent>;

export const AgentListQuery = CreatedAtQuery.extend({
  include_archived: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional(),
});
