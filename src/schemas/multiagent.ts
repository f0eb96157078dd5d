// Multiagent config (the SDK's coordinator topology) and session threads, as the Managed Agents API types them.
import { z } from "zod";
import { refusedVariant } from "./common";

export const MAX_ROSTER = 20;

/** A roster entry as a request names it: an agent id, or a reference that may pin a version. */
// Object variants come first, so a refused one is the error reported for an object entry (see parseOrThrow).
const RosterEntryParam = z.union([
  z.strictObject({ type: z.literal("agent"), id: z.string().min(1), version: z.number().int().positive().optional() }),
  refusedVariant("self", 'roster entry {type: "self"} is not supported by Lucid yet; name specialist agents by id'),
  refusedVariant("advisor", "advisor roster entries are not supported by Lucid yet"),
  z
    .string()
    .min(1)
    .transform((id) => ({ type: "agent" as const, id, version: undefined as number | undefined })),
]);

/** `multiagent` on agent create/update: the SDK's coordinator params, plus Lucid's `max_parallel`. */
export const MultiagentParam = z.union([
  z
    .strictObject({
      type: z.literal("coordinator"),
      agents: z.array(RosterEntryParam).min(1).max(MAX_ROSTER),
      /** Lucid extension: how many threads run at once (1-20, default 20); more wait their turn. */
      max_parallel: z.number().int().min(1).max(MAX_ROSTER).optional(),
    })
    .superRefine((params, context) => {
      const ids = params.agents.map((entry) => entry.id);
      if (new Set(ids).size !== ids.length) context.addIssue({ code: "custom", path: ["agents"], message: "must name distinct agents" });
    }),
  refusedVariant("multiagent_20261001", 'multiagent_20261001 is not supported by Lucid yet; use {type: "coordinator"}'),
]);
export type MultiagentParam = z.infer<typeof MultiagentParam>;

/** An agent resolved to the version its threads run (BetaManagedAgentsAgentReference). */
export const AgentReference = z.object({ type: z.literal("agent"), id: z.string(), version: z.number().int() });
export type AgentReference = z.infer<typeof AgentReference>;

/** The stored and rendered coordinator config (BetaManagedAgentsMultiagentCoordinator, plus `max_parallel`). */
export const Multiagent = z.object({
  type: z.literal("coordinator"),
  agents: z.array(AgentReference),
  max_parallel: z.number().int(),
});
export type Multiagent = z.infer<typeof Multiagent>;

export const DEFAULT_MAX_PARALLEL = MAX_ROSTER;

/** A roster agent as a coordinator session shows it (BetaManagedAgentsSessionThreadAgent). */
export const SessionThreadAgent = z.object({
  id: z.string(),
  type: z.literal("agent"),
  version: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  model: z.object({ id: z.string() }).catchall(z.unknown()),
  system: z.string().nullable(),
  tools: z.array(z.unknown()),
  execution_identity: z.object({ type: z.literal("service_account") }),
  mcp_servers: z.array(z.never()),
  skills: z.array(z.never()),
});
export type SessionThreadAgent = z.infer<typeof SessionThreadAgent>;

/** The session's resolved coordinator topology (BetaManagedAgentsSessionMultiagentCoordinator). */
export const SessionMultiagent = z.object({ type: z.literal("coordinator"), agents: z.array(SessionThreadAgent) });
export type SessionMultiagent = z.infer<typeof SessionMultiagent>;

/** Where a thread stands in its orchestrator: waiting for a slot, running, settled, or canceled before it started. */
export const ThreadState = z.enum(["queued", "running", "idle", "terminated", "canceled"]);
export type ThreadState = z.infer<typeof ThreadState>;

/** A thread as the threads API shows it (BetaManagedAgentsSessionThread); its id is the specialist session's id. */
export const SessionThread = z.object({
  id: z.string(),
  type: z.literal("session_thread"),
  session_id: z.string(),
  parent_thread_id: z.null(),
  agent: SessionThreadAgent,
  status: z.enum(["running", "idle", "rescheduling", "terminated"]),
  stats: z.object({ startup_seconds: z.number(), duration_seconds: z.number() }).nullable(),
  usage: z.null(),
  workflow_run_id: z.null(),
  created_at: z.string(),
  updated_at: z.string(),
  archived_at: z.string().nullable(),
  /** Lucid extension: the orchestrator's own view, which also knows threads waiting for a slot or canceled before starting. */
  lucid_state: ThreadState,
});
export type SessionThread = z.infer<typeof SessionThread>;
