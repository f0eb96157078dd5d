// Dreams as the Managed Agents API types them (BetaDream), plus Lucid's extensions: changeset, review, progress, cost per phase.
import { z } from "zod";
import { CreatedAtQuery, FreeText } from "./common";
import { DreamChangeset, OperationEdit } from "./dream";
import { MAX_LIST_FILTER_VALUES } from "./limits";

const ModelParam = z.union([
  z
    .string()
    .min(1)
    .max(256)
    .transform((id) => ({ id })),
  z
    .strictObject({ id: z.string().min(1).max(256), speed: z.enum(["standard", "fast"]).nullish() })
    .transform(({ id, speed }) => ({ id, ...(speed ? { speed } : {}) })),
]);

const MemoryStoreInput = z.strictObject({ type: z.literal("memory_store"), memory_store_id: z.string().min(1) });
const SessionsInput = z.strictObject({
  type: z.literal("sessions"),
  session_ids: z.array(z.string().min(1)).min(1).max(100, "a dream reads at most 100 sessions"),
});
export const DreamInput = z.union([MemoryStoreInput, SessionsInput]);

export const OutputBehavior = z.union([
  z.strictObject({ type: z.literal("create_new") }),
  z.strictObject({ type: z.literal("update_existing"), memory_store_id: z.string().min(1) }),
]);
export type OutputBehavior = z.infer<typeof OutputBehavior>;

export const DreamCreate = z
  .strictObject({
    inputs: z.array(DreamInput).min(2).max(2),
    model: ModelParam,
    instructions: FreeText.max(4_096).nullish(),
    output_behavior: OutputBehavior.optional(),
    /** Lucid extension: the most tokens (input and output, all calls) the dream may use; it fails rather than exceed it. */
    token_budget: z.number().int().min(1_000).max(10_000_000).optional(),
  })
  .superRefine((value, context) => {
    const stores = value.inputs.filter((input) => input.type === "memory_store");
    const sessions = value.inputs.filter((input) => input.type === "sessions");
    if (stores.length !== 1 || sessions.length !== 1) {
      context.addIssue({ code: "custom", path: ["inputs"], message: "give exactly one memory_store input and one sessions input" });
    }
    const target = value.output_behavior;
    if (target?.type === "update_existing" && stores[0] && target.memory_store_id !== stores[0].memory_store_id) {
      context.addIssue({ code: "custom", path: ["output_behavior", "memory_store_id"], message: "update_existing must name the input memory store" });
    }
  });
export type DreamCreate = z.infer<typeof DreamCreate>;

export const DreamStatus = z.enum(["pending", "running", "completed", "failed", "canceled"]);
export type DreamStatus = z.infer<typeof DreamStatus>;

export const DreamPhase = z.enum(["queued", "reading", "review", "synthesis", "curation", "awaiting_review", "writing", "done"]);
export type DreamPhase = z.infer<typeof DreamPhase>;

export const DreamUsage = z.object({
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cache_creation_input_tokens: z.number().int(),
  cache_read_input_tokens: z.number().int(),
});
export type DreamUsage = z.infer<typeof DreamUsage>;

export const ReviewState = z.object({
  /** `not_required` in auto mode when no guard held the changeset; a person decides the others. */
  state: z.enum(["not_required", "pending", "approved", "rejected"]),
  reasons: z.array(z.string()),
  approved_operation_ids: z.array(z.string()).nullable(),
  /** The reviewer's replacement contents, as applied (the changeset keeps what the dream proposed). */
  edits: z.array(OperationEdit),
  decided_at: z.string().nullable(),
});
export type ReviewState = z.infer<typeof ReviewState>;

export const Dream = z.object({
  id: z.string(),
  type: z.literal("dream"),
  status: DreamStatus,
  inputs: z.array(z.union([MemoryStoreInput, SessionsInput])),
  model: z.object({ id: z.string(), speed: z.enum(["standard", "fast"]).optional() }),
  instructions: z.string().nullable(),
  output_behavior: OutputBehavior,
  outputs: z.array(z.object({ type: z.literal("memory_store"), memory_store_id: z.string() })),
  /** A read-only session whose events show the dream's progress; stream it like any session. */
  session_id: z.string(),
  usage: DreamUsage,
  error: z.object({ type: z.string(), message: z.string() }).nullable(),
  created_at: z.string(),
  ended_at: z.string().nullable(),
  archived_at: z.string().nullable(),
  // Lucid extensions
  agent_id: z.string().nullable(),
  mode: z.enum(["auto", "review"]),
  token_budget: z.number().int(),
  phase: DreamPhase,
  progress: z.record(z.string(), z.number().int()),
  usage_by_phase: z.record(z.string(), DreamUsage.extend({ list_cost_micros: z.number().int().nullable() })),
  changeset: DreamChangeset.nullable(),
  review: ReviewState,
});
export type Dream = z.infer<typeof Dream>;

export const DreamApproval = z.strictObject({
  /** The operations to apply; all proposed operations when left out. */
  operation_ids: z.array(z.string()).optional(),
  /** Replacement content for some of them; their evidence stays as proposed. */
  edits: z.array(OperationEdit).optional(),
});
export type DreamApproval = z.infer<typeof DreamApproval>;

export const DreamListQuery = CreatedAtQuery.extend({
  include_archived: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional(),
  statuses: z.array(DreamStatus).max(MAX_LIST_FILTER_VALUES, `at most ${MAX_LIST_FILTER_VALUES} statuses can be given`).optional(),
  /** Lucid extension: only the dreams of this agent (its cadence and requested dreams). */
  agent_id: z.string().optional(),
});
