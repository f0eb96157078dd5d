// Deployments as the Managed Agents API types them (BetaManagedAgentsDeployment): an agent bound to an environment,
// initial events and an optional cron schedule, run by the agent's alarm.
import { z } from "zod";
import { CreatedAtQuery, FreeText, Metadata, MetadataPatch, NameText, notSupportedYet, refusedVariant } from "./common";
import { MAX_EVENTS_PER_SEND } from "./limits";
import { ZonedCronSchedule } from "./schedule";
import { SessionCreate } from "./session";
import { VaultIds } from "./vault";
import { InitialEvent } from "./session-event";

const AgentRef = z.union([
  z.string().min(1),
  z.strictObject({ type: z.literal("agent"), id: z.string().min(1), version: z.number().int().positive().optional() }),
]);
export type DeploymentAgentRef = z.infer<typeof AgentRef>;

/** The events a session starts with: validated exactly as `POST /v1/sessions` validates them. */
export const DeploymentInitialEvent = z.union([
  ...InitialEvent.options,
  refusedVariant("system.message", "system.message events are not supported by Lucid yet"),
]);
export type DeploymentInitialEvent = z.infer<typeof DeploymentInitialEvent>;

/** Resources as sessions take them (memory stores only, at most 8). */
const Resources = SessionCreate.shape.resources.unwrap();

export const DeploymentCreate = z.strictObject({
  agent: AgentRef,
  environment_id: z.string().min(1),
  initial_events: z.array(DeploymentInitialEvent).min(1).max(MAX_EVENTS_PER_SEND, `at most ${MAX_EVENTS_PER_SEND} initial events are allowed`),
  name: NameText.trim().min(1).max(255),
  description: FreeText.max(2_048).nullish(),
  metadata: Metadata.optional(),
  resources: Resources.optional(),
  schedule: ZonedCronSchedule.nullish(),
  /** The vaults each run's session takes MCP credentials from. */
  vault_ids: VaultIds.optional(),
  budget: notSupportedYet(),
});
export type DeploymentCreate = z.infer<typeof DeploymentCreate>;

/** Omitted fields keep their value; `schedule: null` makes the deployment manual-only; metadata is a patch. */
export const DeploymentUpdate = z.strictObject({
  agent: AgentRef.optional(),
  environment_id: z.string().min(1).optional(),
  initial_events: z.array(DeploymentInitialEvent).min(1).max(MAX_EVENTS_PER_SEND, `at most ${MAX_EVENTS_PER_SEND} initial events are allowed`).optional(),
  name: NameText.trim().min(1).max(255).optional(),
  description: FreeText.max(2_048).nullish(),
  metadata: MetadataPatch.nullish(),
  resources: Resources.nullish(),
  schedule: ZonedCronSchedule.nullish(),
  /** Replaces the list; null or [] leaves the runs without vaults. */
  vault_ids: VaultIds.nullish(),
  budget: notSupportedYet(),
});
export type DeploymentUpdate = z.infer<typeof DeploymentUpdate>;

export const DeploymentStatus = z.enum(["active", "paused"]);
export type DeploymentStatus = z.infer<typeof DeploymentStatus>;

/** The error types that pause a deployment when a scheduled run fails with them (the SDK's paused-reason errors). */
export const PausingErrorType = z.enum([
  "environment_archived_error",
  "agent_archived_error",
  "environment_not_found_error",
  "vault_not_found_error",
  "file_not_found_error",
  "session_resource_not_found_error",
  "workspace_archived_error",
  "organization_disabled_error",
  "memory_store_archived_error",
  "skill_not_found_error",
  "vault_archived_error",
  "unknown_error",
  "self_hosted_resources_unsupported_error",
  "mcp_egress_blocked_error",
]);
export type PausingErrorType = z.infer<typeof PausingErrorType>;

export const DeploymentPausedReason = z.union([
  z.object({ type: z.literal("manual") }),
  z.object({ type: z.literal("error"), error: z.object({ type: PausingErrorType }) }),
]);
export type DeploymentPausedReason = z.infer<typeof DeploymentPausedReason>;

export const Schedule = z.object({
  type: z.literal("cron"),
  expression: z.string(),
  timezone: z.string(),
  /** When the latest scheduled run started its session; manual runs leave it alone. */
  last_run_at: z.string().nullable(),
  /** The next five occurrences (empty once archived); Lucid adds no jitter, so runs start at these times. */
  upcoming_runs_at: z.array(z.string()),
});
export type Schedule = z.infer<typeof Schedule>;

/** A memory store attached to each run's session, echoed as given. */
export const DeploymentResource = z.object({
  type: z.literal("memory_store"),
  memory_store_id: z.string(),
  access: z.enum(["read_write", "read_only"]),
  instructions: z.string().nullable(),
});
export type DeploymentResource = z.infer<typeof DeploymentResource>;

export const AgentReference = z.object({ id: z.string(), type: z.literal("agent"), version: z.number().int() });

export const Deployment = z.object({
  id: z.string(),
  type: z.literal("deployment"),
  agent: AgentReference,
  name: z.string(),
  description: z.string().nullable(),
  environment_id: z.string(),
  initial_events: z.array(InitialEvent),
  resources: z.array(DeploymentResource),
  metadata: Metadata,
  schedule: Schedule.nullable(),
  /** `paused` exactly when `paused_reason` is set; an archived deployment reports `active` with `archived_at`. */
  status: DeploymentStatus,
  paused_reason: DeploymentPausedReason.nullable(),
  vault_ids: z.array(z.string()),
  budget: z.null(),
  created_at: z.string(),
  updated_at: z.string(),
  archived_at: z.string().nullable(),
});
export type Deployment = z.infer<typeof Deployment>;

export const DeploymentListQuery = CreatedAtQuery.extend({
  agent_id: z.string().optional(),
  include_archived: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional(),
  status: DeploymentStatus.optional(),
});
