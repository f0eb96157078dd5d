// Sessions as the Managed Agents API types them (BetaManagedAgentsSession), plus Lucid's documented `stop_reason`.
import { z } from "zod";
import { AgentConfig } from "./agent";
import { CreatedAtQuery, FreeText, LineText, Metadata, MetadataPatch, notSupportedYet, refusedVariant } from "./common";
import { SessionMultiagent } from "./multiagent";
import { OutcomeEvaluation } from "./outcome";
import { MAX_EVENTS_PER_SEND, MAX_LIST_FILTER_VALUES } from "./limits";
import { VaultIds } from "./vault";
import { InitialEvent } from "./session-event";

/** A session's title: one line, as lists show it. */
export const SessionTitle = LineText.max(500);

export const SessionStatus = z.enum(["idle", "running", "rescheduling", "terminated"]);
export type SessionStatus = z.infer<typeof SessionStatus>;

const AgentRef = z.union([
  z.string().min(1),
  z.strictObject({ type: z.literal("agent"), id: z.string().min(1), version: z.number().int().positive().optional() }),
  refusedVariant("agent_with_overrides", "agent_with_overrides is not supported by Lucid yet; create an agent version instead"),
]);

export const MemoryStoreResourceParam = z.strictObject({
  type: z.literal("memory_store"),
  memory_store_id: z.string().min(1),
  access: z.enum(["read_write", "read_only"]).nullish(),
  /** Steers what the agent keeps in this store (the per-attachment prompt). */
  instructions: FreeText.max(4_096).nullish(),
});
export type MemoryStoreResourceParam = z.infer<typeof MemoryStoreResourceParam>;

const ResourceParam = z.union([
  MemoryStoreResourceParam,
  refusedVariant("file", "file resources are not supported by Lucid yet"),
  refusedVariant("github_repository", "GitHub repository resources are not supported by Lucid yet"),
]);

/** An attached memory store as the session shows it. */
export const MemoryStoreResource = z.object({
  type: z.literal("memory_store"),
  memory_store_id: z.string(),
  access: z.enum(["read_write", "read_only"]),
  instructions: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  mount_path: z.null(),
});
export type MemoryStoreResource = z.infer<typeof MemoryStoreResource>;

export const SessionCreate = z.strictObject({
  agent: AgentRef,
  environment_id: z.string().min(1),
  initial_events: z.array(InitialEvent).max(MAX_EVENTS_PER_SEND, `at most ${MAX_EVENTS_PER_SEND} initial events are allowed`).optional(),
  title: SessionTitle.nullish(),
  metadata: Metadata.optional(),
  /** Memory stores to attach (at most 8); when left out, the agent's current store is attached read-write. */
  resources: z.array(ResourceParam).max(8, "at most 8 memory stores can be attached to a session").optional(),
  /** Vaults whose credentials the session's MCP calls use (the first credential for a server's URL, vault by vault). */
  vault_ids: VaultIds.optional(),
  budget: notSupportedYet(),
});
export type SessionCreate = z.infer<typeof SessionCreate>;

export const SessionUpdate = z.strictObject({
  title: SessionTitle.nullish(),
  metadata: MetadataPatch.nullish(),
  agent: notSupportedYet(),
  budget: notSupportedYet(),
  vault_ids: notSupportedYet(),
});
export type SessionUpdate = z.infer<typeof SessionUpdate>;

export const SessionUsage = z.object({
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cache_read_input_tokens: z.number().int(),
  cache_creation: z.object({ ephemeral_5m_input_tokens: z.number().int() }),
  list_cost: z.object({ amount: z.string(), currency: z.literal("USD") }).nullable(),
});
export type SessionUsage = z.infer<typeof SessionUsage>;

export const SessionAgent = AgentConfig.omit({ metadata: true, memory: true, dreaming: true, outcome: true }).extend({
  id: z.string(),
  type: z.literal("agent"),
  version: z.number().int(),
  execution_identity: z.object({ type: z.literal("service_account") }),
  mcp_servers: z.array(z.never()),
  skills: z.array(z.never()),
  /** A coordinator's roster with each specialist's full definition, as snapshotted when the session was created. */
  multiagent: SessionMultiagent.nullable(),
});

export const Session = z.object({
  id: z.string(),
  type: z.literal("session"),
  agent: SessionAgent,
  environment_id: z.string(),
  status: SessionStatus,
  title: z.string().nullable(),
  metadata: Metadata,
  usage: SessionUsage,
  stats: z.object({ active_seconds: z.number(), duration_seconds: z.number() }),
  resources: z.array(MemoryStoreResource),
  outcome_evaluations: z.array(OutcomeEvaluation),
  vault_ids: z.array(z.string()),
  budget: z.null(),
  created_at: z.string(),
  updated_at: z.string(),
  archived_at: z.string().nullable(),
  /** Lucid extension: why the session last went idle, as on its latest `session.status_idle` event. */
  stop_reason: z
    .union([
      z.object({ type: z.literal("end_turn") }),
      z.object({ type: z.literal("requires_action"), event_ids: z.array(z.string()) }),
      z.object({ type: z.literal("retries_exhausted") }),
    ])
    .nullable(),
  /** Lucid extension: what the outcome grader's calls cost, already counted in `usage`, shown apart. */
  grader_usage: SessionUsage,
});
export type Session = z.infer<typeof Session>;

export const SessionListQuery = CreatedAtQuery.extend({
  agent_id: z.string().optional(),
  agent_version: z.coerce.number().int().optional(),
  include_archived: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional(),
  order: z.enum(["asc", "desc"]).default("desc"),
  statuses: z.array(SessionStatus).max(MAX_LIST_FILTER_VALUES, `at most ${MAX_LIST_FILTER_VALUES} statuses can be given`).optional(),
});

export const DeletedSession = z.object({ id: z.string(), type: z.literal("session_deleted") });
export type DeletedSession = z.infer<typeof DeletedSession>;
