// The work queue of a self-hosted environment, as the SDK types it (resources/beta/environments/work.d.ts): work items,
// heartbeats and their leases, queue statistics, the requests a worker sends, and what a verified work token grants.
import { z } from "zod";
import { Metadata, MetadataPatch } from "./common";

export const WorkState = z.enum(["queued", "starting", "active", "stopping", "stopped"]);
export type WorkState = z.infer<typeof WorkState>;

/** Items a worker may still be running: a session has at most one of these at a time. */
export const LIVE_WORK_STATES = ["queued", "starting", "active", "stopping"] as const satisfies readonly WorkState[];

const SessionWorkData = z.object({ type: z.literal("session"), id: z.string() });
const HealthCheckWorkData = z.object({ type: z.literal("healthcheck").optional(), id: z.string() });

/** BetaSelfHostedWork: `secret` is set only on the answer to a poll that hands the item out. */
export const SelfHostedWork = z.object({
  type: z.literal("work"),
  id: z.string(),
  environment_id: z.string(),
  data: z.union([SessionWorkData, HealthCheckWorkData]),
  state: WorkState,
  secret: z.string().nullable(),
  metadata: Metadata,
  created_at: z.string(),
  acknowledged_at: z.string().nullable(),
  started_at: z.string().nullable(),
  latest_heartbeat_at: z.string().nullable(),
  stop_requested_at: z.string().nullable(),
  stopped_at: z.string().nullable(),
});
export type SelfHostedWork = z.infer<typeof SelfHostedWork>;

/** BetaSelfHostedWorkHeartbeatResponse. */
export const WorkHeartbeatResponse = z.object({
  type: z.literal("work_heartbeat"),
  last_heartbeat: z.string(),
  lease_extended: z.boolean(),
  state: WorkState,
  ttl_seconds: z.number().int(),
});
export type WorkHeartbeatResponse = z.infer<typeof WorkHeartbeatResponse>;

/** BetaWorkLeaseState: the lease as Lucid holds it, in the `details.current_state` of a refused heartbeat. */
export type WorkLeaseState = { state: WorkState; ttl_seconds: number; last_heartbeat: string | null; lease_extended: false };

/** BetaSelfHostedWorkQueueStats. */
export const WorkQueueStats = z.object({
  type: z.literal("work_queue_stats"),
  depth: z.number().int(),
  pending: z.number().int(),
  oldest_queued_at: z.string().nullable(),
  workers_polling: z.number().int().nullable(),
});
export type WorkQueueStats = z.infer<typeof WorkQueueStats>;

/** The longest a poll may wait for work, in milliseconds (the API's limit: 1–999). */
export const MAX_POLL_BLOCK_MS = 999;
/** How long a handed-out item may wait for its ack before a poll (or the alarm) hands it out again, unless the poll says. */
export const DEFAULT_RECLAIM_OLDER_THAN_MS = 5_000;

/** The longest `Anthropic-Worker-ID` a poll may send (the SDK's default is the host name and a UUID). */
export const MAX_WORKER_ID_CHARS = 256;

/** GET …/work/poll (the worker id comes in the `Anthropic-Worker-ID` header). */
export const WorkPollQuery = z.object({
  block_ms: z.coerce.number().int().min(1).max(MAX_POLL_BLOCK_MS, `block_ms must be 1-${MAX_POLL_BLOCK_MS}`).optional(),
  reclaim_older_than_ms: z.coerce.number().int().min(0).optional(),
});

/** The sentinel a worker's first heartbeat sends: it claims a lease no heartbeat has touched. */
export const NO_HEARTBEAT = "NO_HEARTBEAT";
/** The bounds a worker's `desired_ttl_seconds` is clamped to; without one, LUCID_WORK_LEASE_TTL_SECONDS (default 300). */
export const MIN_WORK_LEASE_TTL_SECONDS = 10;
export const MAX_WORK_LEASE_TTL_SECONDS = 3_600;

/** POST …/work/{work_id}/heartbeat: both in the query string, no body. */
export const WorkHeartbeatQuery = z.object({
  expected_last_heartbeat: z.string().min(1).optional(),
  desired_ttl_seconds: z.coerce.number().int().min(1).optional(),
});
export type WorkHeartbeatQuery = z.infer<typeof WorkHeartbeatQuery>;

/** BetaSelfHostedWorkStopRequest. */
export const WorkStopRequest = z.strictObject({ force: z.boolean().optional() });

/** BetaSelfHostedWorkUpdateRequest: a merge patch, a null value deletes its key. */
export const WorkUpdateRequest = z.strictObject({ metadata: MetadataPatch });
export type WorkUpdateRequest = z.infer<typeof WorkUpdateRequest>;

/** What enqueues a session's work: the session, and the memory stores its worker's token may reach. */
export type SessionWorkRequest = {
  session_id: string;
  agent_id: string;
  memory_stores: { memory_store_id: string; access: "read_write" | "read_only" }[];
};

/** What a verified work token lets its bearer reach (see src/api/credential-scope.ts). */
export type WorkGrant = SessionWorkRequest & { work_id: string; environment_id: string; state: WorkState };

/** A session's current work item as the session side sees it; `held`: a worker holds a live lease on it. */
export type SessionWork = { work_id: string; state: WorkState; held: boolean };
