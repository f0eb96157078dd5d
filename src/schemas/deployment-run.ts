// Deployment runs as the Managed Agents API types them (BetaManagedAgentsDeploymentRun), plus Lucid's `result`.
import { z } from "zod";
import { CreatedAtQuery } from "./common";
import { AgentReference, PausingErrorType } from "./deployment";

export const RunErrorType = z.enum([...PausingErrorType.options, "session_rate_limited_error", "session_creation_rejected_error"]);
export type RunErrorType = z.infer<typeof RunErrorType>;

export const DeploymentRunError = z.object({ type: RunErrorType, message: z.string() });
export type DeploymentRunError = z.infer<typeof DeploymentRunError>;

export const TriggerType = z.enum(["schedule", "manual"]);
export type TriggerType = z.infer<typeof TriggerType>;

export const TriggerContext = z.union([
  z.object({
    type: z.literal("schedule"),
    /** The occurrence the run stands for; at most one run is recorded per (deployment, scheduled_at). */
    scheduled_at: z.string(),
    /** Lucid extension: the run stands for occurrences missed while the agent's object was down (see docs/guides/deployments.md). */
    catch_up: z.boolean(),
  }),
  z.object({ type: z.literal("manual") }),
]);
export type TriggerContext = z.infer<typeof TriggerContext>;

/** How the run's session went: `running` until it first goes idle with `end_turn` (succeeded) or fails (failed). */
export const RunResult = z.enum(["running", "succeeded", "failed"]);
export type RunResult = z.infer<typeof RunResult>;

export const DeploymentRun = z.object({
  id: z.string(),
  type: z.literal("deployment_run"),
  deployment_id: z.string(),
  agent: AgentReference,
  trigger_context: TriggerContext,
  /** Exactly one of `session_id` and `error` is set. */
  session_id: z.string().nullable(),
  error: DeploymentRunError.nullable(),
  /** Lucid extension: the session's result; null when no session was created. */
  result: RunResult.nullable(),
  /** Lucid extension: when the session's result was settled. */
  finished_at: z.string().nullable(),
  created_at: z.string(),
});
export type DeploymentRun = z.infer<typeof DeploymentRun>;

export const DeploymentRunListQuery = CreatedAtQuery.extend({
  deployment_id: z.string().optional(),
  has_error: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional(),
  trigger_type: TriggerType.optional(),
});
