// Deployment run rows of an AgentObject: recording runs, settling their result from the session, rendering them.
import { notFound } from "../platform/errors";
import type { DeploymentRun, DeploymentRunError, RunResult, TriggerContext } from "../schemas/deployment-run";
import { eventTypes, type SessionEvent } from "../schemas/recorded-events";

export type RunRow = {
  id: string;
  deployment_id: string;
  agent_version: number;
  trigger_type: "schedule" | "manual";
  scheduled_at: string | null;
  catch_up: number;
  session_id: string | null;
  error: string | null;
  result: RunResult | null;
  finished_at: string | null;
  created_at: string;
};

/** What started a run: the schedule (for one occurrence, possibly standing for missed ones) or a person. */
export type RunTrigger = { type: "manual" } | { type: "schedule"; scheduledAt: number; catchUp: boolean };

export interface NewRun {
  id: string;
  deployment_id: string;
  agent_version: number;
  trigger: RunTrigger;
  outcome: { session_id: string } | { error: DeploymentRunError };
}

export function findRun(sql: SqlStorage, id: string): RunRow | null {
  return sql.exec<RunRow>("SELECT * FROM deployment_runs WHERE id = ?", id).toArray()[0] ?? null;
}

export function requireRun(sql: SqlStorage, id: string): RunRow {
  const row = findRun(sql, id);
  if (!row) throw notFound("Deployment run", id);
  return row;
}

/** Whether the occurrence already has its run: what makes a scheduled fire exactly-once under at-least-once alarms. */
export function occurrenceHasRun(sql: SqlStorage, deploymentId: string, scheduledAt: number): boolean {
  const at = new Date(scheduledAt).toISOString();
  return sql.exec("SELECT 1 FROM deployment_runs WHERE deployment_id = ? AND scheduled_at = ?", deploymentId, at).toArray().length > 0;
}

export function insertRun(sql: SqlStorage, run: NewRun): RunRow {
  const sessionId = "session_id" in run.outcome ? run.outcome.session_id : null;
  const error = "error" in run.outcome ? JSON.stringify(run.outcome.error) : null;
  const scheduled = run.trigger.type === "schedule" ? run.trigger : null;
  sql.exec(
    `INSERT INTO deployment_runs (id, deployment_id, agent_version, trigger_type, scheduled_at, catch_up, session_id, error, result, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    run.id,
    run.deployment_id,
    run.agent_version,
    run.trigger.type,
    scheduled ? new Date(scheduled.scheduledAt).toISOString() : null,
    scheduled?.catchUp ? 1 : 0,
    sessionId,
    error,
    sessionId ? "running" : null,
    new Date().toISOString(),
  );
  return requireRun(sql, run.id);
}

/** The events that can settle a run: its session ending its turn, or failing. */
export const RUN_SETTLING_EVENT_TYPES = eventTypes("session.status_idle", "session.status_terminated");

/** The result a session's status event settles its run with, or null if the run is not settled by it. */
function resultOf(event: SessionEvent): RunResult | null {
  if (event.type === "session.status_terminated") return "failed";
  if (event.type !== "session.status_idle") return null;
  const stopReason = event.stop_reason.type;
  if (stopReason === "end_turn") return "succeeded";
  if (stopReason === "retries_exhausted") return "failed";
  return null;
}

/**
 * Settles the run that started a session when the session first goes idle at the end of its turn (succeeded) or
 * fails (failed). Called in the transaction that records the status event, so a result is never lost or set twice.
 */
export function settleRunOfSession(sql: SqlStorage, sessionId: string, appended: readonly SessionEvent[]): RunRow | null {
  const result = appended.map(resultOf).findLast((value) => value !== null);
  if (!result) return null;
  const settled = sql
    .exec<{ id: string }>(
      "UPDATE deployment_runs SET result = ?, finished_at = ? WHERE session_id = ? AND result = 'running' RETURNING id",
      result,
      new Date().toISOString(),
      sessionId,
    )
    .toArray()[0];
  return settled ? requireRun(sql, settled.id) : null;
}

export function renderRun(row: RunRow, agentId: string): DeploymentRun {
  const trigger: TriggerContext =
    row.trigger_type === "schedule" ? { type: "schedule", scheduled_at: row.scheduled_at ?? row.created_at, catch_up: row.catch_up === 1 } : { type: "manual" };
  return {
    id: row.id,
    type: "deployment_run",
    deployment_id: row.deployment_id,
    agent: { id: agentId, type: "agent", version: row.agent_version },
    trigger_context: trigger,
    session_id: row.session_id,
    error: row.error === null ? null : (JSON.parse(row.error) as DeploymentRunError),
    result: row.result,
    finished_at: row.finished_at,
    created_at: row.created_at,
  };
}
