// Thread rows of an OrchestratorObject: reading, settling and rendering them, and the result a wait returns.
import type { SessionThread, SessionThreadAgent, ThreadState } from "../schemas/multiagent";
import type { StopReason } from "../schemas/recorded-events";
import type { FileConflict } from "./thread-report";

/** The coordinator the orchestrator works for, as stored (its roster as JSON). */
export type CoordinatorRow = {
  tenant_id: string;
  agent_id: string;
  session_id: string;
  environment_id: string;
  workspace_id: string;
  max_parallel: number;
  roster: string;
};

export type ThreadRow = {
  id: string;
  opened_by: string;
  agent_id: string;
  agent_version: number;
  task: string;
  status: ThreadState;
  started: number;
  interrupt_pending: number;
  stop_reason: string | null;
  reply: string | null;
  conflicts: string;
  status_seq: number;
  created_at: string;
  started_at: string | null;
  updated_at: string;
  archived_at: string | null;
};

/** A thread is settled when it will do nothing more unless told to: the moment a wait for it can end. */
export const isSettled = (status: ThreadState) => status === "idle" || status === "terminated" || status === "canceled";

export function findCoordinator(sql: SqlStorage): CoordinatorRow | null {
  return sql.exec<CoordinatorRow>("SELECT * FROM coordinator").toArray()[0] ?? null;
}

export function rosterOf(coordinator: CoordinatorRow): SessionThreadAgent[] {
  return JSON.parse(coordinator.roster) as SessionThreadAgent[];
}

export function findThread(sql: SqlStorage, threadId: string): ThreadRow | null {
  return sql.exec<ThreadRow>("SELECT * FROM threads WHERE id = ?", threadId).toArray()[0] ?? null;
}

export function allThreads(sql: SqlStorage): ThreadRow[] {
  return sql.exec<ThreadRow>("SELECT * FROM threads ORDER BY rowid").toArray();
}

/** What a wait returns for each thread: enough for the coordinator to use the work, merge conflicts, or retry a failure. */
export function waitResult(threads: readonly ThreadRow[], roster: readonly SessionThreadAgent[]): string {
  const names = new Map(roster.map((agent) => [agent.id, agent.name]));
  return JSON.stringify(
    {
      threads: threads.map((thread) => {
        const stopReason = thread.stop_reason ? (JSON.parse(thread.stop_reason) as StopReason) : null;
        return {
          thread_id: thread.id,
          agent_id: thread.agent_id,
          agent_name: names.get(thread.agent_id) ?? thread.agent_id,
          status: thread.status,
          stop_reason: stopReason?.type ?? null,
          failed: thread.status === "terminated" || stopReason?.type === "retries_exhausted",
          reply: thread.reply,
          conflicts: JSON.parse(thread.conflicts) as FileConflict[],
        };
      }),
    },
    null,
    2,
  );
}

/** A thread as the threads API shows it; a queued or canceled thread (no session yet) shows as idle. */
export function renderThread(thread: ThreadRow, coordinator: CoordinatorRow): SessionThread {
  const agent = rosterOf(coordinator).find((entry) => entry.id === thread.agent_id)!;
  const started = thread.started_at ? Date.parse(thread.started_at) : null;
  const ended = isSettled(thread.status) ? Date.parse(thread.updated_at) : Date.now();
  return {
    id: thread.id,
    type: "session_thread",
    session_id: coordinator.session_id,
    parent_thread_id: null,
    agent,
    status: thread.status === "queued" || thread.status === "canceled" ? (thread.status === "queued" ? "idle" : "terminated") : thread.status,
    stats:
      started === null
        ? null
        : { startup_seconds: (started - Date.parse(thread.created_at)) / 1000, duration_seconds: (ended - Date.parse(thread.created_at)) / 1000 },
    usage: null,
    workflow_run_id: null,
    created_at: thread.created_at,
    updated_at: thread.updated_at,
    archived_at: thread.archived_at,
    lucid_state: thread.status,
  };
}
