// A work item from ack to stop: the ack, heartbeats that claim and renew its lease (an exact-string compare of the last
// heartbeat, 412 when it does not hold), graceful and forced stops, and what the alarm does when a lease lapses or a
// handed-out item waits too long for its ack.
import { ApiError, conflict } from "../platform/errors";
import {
  DEFAULT_RECLAIM_OLDER_THAN_MS,
  MAX_WORK_LEASE_TTL_SECONDS,
  MIN_WORK_LEASE_TTL_SECONDS,
  NO_HEARTBEAT,
  type WorkHeartbeatQuery,
  type WorkHeartbeatResponse,
  type WorkLeaseState,
} from "../schemas/environment-work";
import type { WorkRow } from "./work-items";

/** The lease a heartbeat grants unless it asks for another (LUCID_WORK_LEASE_TTL_SECONDS, default 300 s). */
export function defaultLeaseTtlSeconds(setting: string | undefined): number {
  const seconds = Number(setting);
  return Number.isInteger(seconds) && seconds > 0 ? seconds : 300;
}

/** Whether a worker holds a lease on the item that has not lapsed: it acked the item and keeps beating. */
export function isHeld(row: WorkRow, now: number): boolean {
  return (row.state === "starting" || row.state === "active" || row.state === "stopping") && row.lease_expires_at !== null && row.lease_expires_at > now;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** queued (handed out) → starting: off the queue, under a lease from now, so a worker that dies before its first beat loses it. */
export function ackWork(sql: SqlStorage, row: WorkRow, ttlSeconds: number, now: number): WorkRow {
  if (row.state === "starting" || row.state === "active") return row;
  if (row.state !== "queued") throw conflict(`Work item '${row.id}' is ${row.state} and can no longer be acknowledged.`);
  if (row.handed_out_at === null) throw conflict(`Work item '${row.id}' has not been handed out by a poll; poll for work before acknowledging it.`);
  return sql
    .exec<WorkRow>(
      "UPDATE work_items SET state = 'starting', acknowledged_at = ?, lease_ttl_seconds = ?, lease_expires_at = ? WHERE id = ? RETURNING *",
      iso(now),
      ttlSeconds,
      now + ttlSeconds * 1000,
      row.id,
    )
    .one();
}

/**
 * Records a heartbeat. `expected_last_heartbeat` must equal the last heartbeat this answered, exactly (`NO_HEARTBEAT`
 * while there was none), unless the item is stopping or stopped; otherwise another worker may hold the lease: 412.
 * The answer's `state` is how a graceful stop reaches the worker. A handed-out item not yet acked is acked by its
 * first beat (a worker started on the item's secret alone never acks).
 */
export function heartbeatWork(sql: SqlStorage, row: WorkRow, query: WorkHeartbeatQuery, defaultTtlSeconds: number, now: number): WorkHeartbeatResponse {
  const ttlSeconds = query.desired_ttl_seconds
    ? Math.min(MAX_WORK_LEASE_TTL_SECONDS, Math.max(MIN_WORK_LEASE_TTL_SECONDS, query.desired_ttl_seconds))
    : defaultTtlSeconds;
  if (row.state === "stopped") {
    const answer = { last_heartbeat: row.latest_heartbeat_at ?? "", lease_extended: false, state: row.state, ttl_seconds: row.lease_ttl_seconds ?? ttlSeconds };
    return { type: "work_heartbeat", ...answer };
  }
  // The lease check comes first: a worker whose lease lapsed (its item put back in the queue) echoes a heartbeat the item
  // no longer has, and must hear 412, which ends its work, not 409, which the SDK retries for the whole lease.
  const expected = query.expected_last_heartbeat;
  if (row.state !== "stopping" && expected !== undefined && expected !== (row.latest_heartbeat_at ?? NO_HEARTBEAT)) throw leaseLost(row, defaultTtlSeconds);
  if (row.state === "queued" && row.handed_out_at === null) {
    throw conflict(`Work item '${row.id}' is queued and has not been handed out to a worker; poll for work first.`);
  }
  // Strictly later than the last one, so a beat replayed with an older value never matches again.
  const previous = row.latest_heartbeat_at ? Date.parse(row.latest_heartbeat_at) : 0;
  const lastHeartbeat = iso(Math.max(now, previous + 1));
  const state = row.state === "stopping" ? "stopping" : "active";
  sql.exec(
    `UPDATE work_items SET state = ?, acknowledged_at = COALESCE(acknowledged_at, ?), started_at = COALESCE(started_at, ?),
       latest_heartbeat_at = ?, lease_ttl_seconds = ?, lease_expires_at = ? WHERE id = ?`,
    state,
    iso(now),
    iso(now),
    lastHeartbeat,
    ttlSeconds,
    now + ttlSeconds * 1000,
    row.id,
  );
  return { type: "work_heartbeat", last_heartbeat: lastHeartbeat, lease_extended: true, state, ttl_seconds: ttlSeconds };
}

/** BetaHeartbeatPreconditionFailedError: the SDK picks the class by the status and `details.error_code`. */
function leaseLost(row: WorkRow, defaultTtlSeconds: number): ApiError {
  const currentState: WorkLeaseState = {
    state: row.state,
    ttl_seconds: row.lease_ttl_seconds ?? defaultTtlSeconds,
    last_heartbeat: row.latest_heartbeat_at,
    lease_extended: false,
  };
  return new ApiError(
    "precondition_failed_error",
    `expected_last_heartbeat does not match the last heartbeat of work item '${row.id}': another worker may hold its lease.`,
    { details: { error_code: "heartbeat_precondition_failed", current_state: currentState } },
  );
}

/**
 * Stops an item. Forced, or while no worker has taken it: `stopped` at once. Graceful, on a running item: `stopping`,
 * which its worker reads in its next heartbeat's answer before it winds down and stops the item itself.
 */
export function stopWork(sql: SqlStorage, row: WorkRow, force: boolean, now: number): WorkRow {
  if (row.state === "stopped") throw conflict(`Work item '${row.id}' is already stopped.`);
  if (force || row.state === "queued") {
    return sql
      .exec<WorkRow>(
        "UPDATE work_items SET state = 'stopped', stop_requested_at = COALESCE(stop_requested_at, ?), stopped_at = ?, lease_expires_at = NULL WHERE id = ? RETURNING *",
        iso(now),
        iso(now),
        row.id,
      )
      .one();
  }
  return sql
    .exec<WorkRow>("UPDATE work_items SET state = 'stopping', stop_requested_at = COALESCE(stop_requested_at, ?) WHERE id = ? RETURNING *", iso(now), row.id)
    .one();
}

/**
 * The alarm's sweep: an item whose lease lapsed goes back to the queue for another worker (its token stops working),
 * or to `stopped` if a stop was asked for; an item handed out but not acked in time goes back to the queue. Answers
 * whether any item went back, so waiting polls can be woken.
 */
export function sweepLapsed(sql: SqlStorage, now: number): boolean {
  sql.exec(
    "UPDATE work_items SET state = 'stopped', stopped_at = ?, lease_expires_at = NULL WHERE state = 'stopping' AND lease_expires_at <= ?",
    iso(now),
    now,
  );
  const requeued = sql.exec(
    `UPDATE work_items SET state = 'queued', queued_at = ?, handed_out_at = NULL, worker_id = NULL, secret_hash = NULL, acknowledged_at = NULL,
       started_at = NULL, latest_heartbeat_at = NULL, lease_ttl_seconds = NULL, lease_expires_at = NULL
     WHERE state IN ('starting', 'active') AND lease_expires_at <= ?`,
    iso(now),
    now,
  ).rowsWritten;
  const reclaimed = sql.exec(
    "UPDATE work_items SET handed_out_at = NULL, worker_id = NULL, secret_hash = NULL WHERE state = 'queued' AND handed_out_at <= ?",
    now - DEFAULT_RECLAIM_OLDER_THAN_MS,
  ).rowsWritten;
  return requeued + reclaimed > 0;
}

/** When the sweep next has something to do (epoch ms), or null. */
export function nextSweepAt(sql: SqlStorage): number | null {
  const row = sql
    .exec<{ lease: number | null; handout: number | null }>(
      `SELECT (SELECT MIN(lease_expires_at) FROM work_items WHERE state IN ('starting', 'active', 'stopping')) AS lease,
              (SELECT MIN(handed_out_at) FROM work_items WHERE state = 'queued') AS handout`,
    )
    .one();
  const times = [row.lease, row.handout === null ? null : row.handout + DEFAULT_RECLAIM_OLDER_THAN_MS].filter((time) => time !== null);
  return times.length === 0 ? null : Math.min(...times);
}
