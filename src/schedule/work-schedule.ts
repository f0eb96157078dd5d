// The `schedule` table: due work of one object, multiplexed onto its single alarm.
/**
 * Steps run a session; a reflection writes what an idle session learned into its memory; a dream is the agent's, on its
 * cadence; a deployment run starts a deployment's session at its next cron occurrence (ref: the deployment id); a thread
 * callback tells a thread's orchestrator of its status changes (ref: the thread's session id), retried until acknowledged;
 * a worker call timeout answers a self-hosted session's toolset calls no worker took in time (ref: the session id).
 */
export type WorkKind = "session_step" | "session_reflection" | "agent_dream" | "deployment_run" | "thread_callback" | "worker_call_timeout";

export type ScheduledWork = {
  id: number;
  kind: WorkKind;
  ref: string;
  due_at: number;
};

/** Adds or moves the one row of (kind, ref); a moved row gets a new id, so a finishing run never deletes its successor. */
export function putWork(sql: SqlStorage, kind: WorkKind, ref: string, dueAt: number): void {
  sql.exec("DELETE FROM schedule WHERE kind = ? AND ref = ?", kind, ref);
  sql.exec("INSERT INTO schedule (kind, ref, due_at) VALUES (?, ?, ?)", kind, ref, dueAt);
}

export function cancelWork(sql: SqlStorage, kind: WorkKind, ref: string): void {
  sql.exec("DELETE FROM schedule WHERE kind = ? AND ref = ?", kind, ref);
}

/** Moves a row to a later time, keeping its id (a failed run retries the same row). */
export function deferWork(sql: SqlStorage, id: number, dueAt: number): void {
  sql.exec("UPDATE schedule SET due_at = ? WHERE id = ?", dueAt, id);
}

export function completeWork(sql: SqlStorage, id: number): void {
  sql.exec("DELETE FROM schedule WHERE id = ?", id);
}

export function dueWork(sql: SqlStorage, now: number): ScheduledWork[] {
  return sql.exec<ScheduledWork>("SELECT id, kind, ref, due_at FROM schedule WHERE due_at <= ? ORDER BY due_at", now).toArray();
}

export function allWork(sql: SqlStorage): ScheduledWork[] {
  return sql.exec<ScheduledWork>("SELECT id, kind, ref, due_at FROM schedule").toArray();
}

export const workKey = (work: Pick<ScheduledWork, "kind" | "ref">) => `${work.kind}:${work.ref}`;
