// A thread's side of the completion callback: which status changes its coordinator has not heard of yet, its last reply
// and the file conflicts it hit, read from the specialist session's own transcript.
import { contentText } from "../transcript/event-fields";
import type { SessionEvent, StopReason } from "../schemas/session-event";
import { putWork } from "../schedule/work-schedule";

const STATUS_EVENTS: Record<string, ThreadStatusChange["status"]> = {
  "session.status_running": "running",
  "session.status_idle": "idle",
  "session.status_terminated": "terminated",
};

/** The events that change a thread's status, which its coordinator is told of. */
export const THREAD_STATUS_EVENT_TYPES = Object.keys(STATUS_EVENTS);

export interface ThreadStatusChange {
  /** The status event's sequence number in the specialist's object: reports are ordered and deduplicated by it. */
  seq: number;
  status: "running" | "idle" | "terminated";
  stop_reason: StopReason | null;
  at: string;
}

export interface FileConflict {
  path: string;
  message: string;
}

export interface ThreadReport {
  thread_id: string;
  changes: ThreadStatusChange[];
  /** The text of the thread's last agent.message, its answer once it is idle. */
  reply: string | null;
  conflicts: FileConflict[];
}

/** How much of a conflict result travels to the coordinator; it can read the file itself for the rest. */
const CONFLICT_MESSAGE_CHARS = 2_000;

/**
 * Called inside the transaction that records a thread's events: a status change puts a durable callback in the
 * schedule, run by the alarm and retried until the orchestrator acknowledges it. Returns whether it did.
 */
export function scheduleThreadCallback(sql: SqlStorage, sessionId: string, appended: readonly SessionEvent[]): boolean {
  if (!appended.some((event) => event.type in STATUS_EVENTS)) return false;
  const linked = sql.exec<{ c: string | null }>("SELECT coordinator_session_id AS c FROM sessions WHERE id = ?", sessionId).toArray()[0]?.c;
  if (!linked) return false;
  putWork(sql, "thread_callback", sessionId, Date.now());
  return true;
}

export function buildThreadReport(threadId: string, events: readonly { seq: number; event: SessionEvent }[], reportedSeq: number): ThreadReport {
  const changes: ThreadStatusChange[] = [];
  const writesById = new Map<string, string>();
  const conflicts: FileConflict[] = [];
  let reply: string | null = null;
  for (const { seq, event } of events) {
    const status = STATUS_EVENTS[event.type];
    if (status && seq > reportedSeq) {
      changes.push({ seq, status, stop_reason: (event.stop_reason as StopReason | undefined) ?? null, at: event.processed_at ?? new Date().toISOString() });
    }
    if (event.type === "agent.message") reply = contentText(event.content);
    if (event.type === "agent.tool_use" && (event.name === "write" || event.name === "edit")) {
      writesById.set(event.id, String((event.input as { file_path?: unknown } | undefined)?.file_path ?? ""));
    }
    if (event.type === "agent.tool_result" && event.is_error === true) {
      const text = contentText(event.content);
      const path = writesById.get(String(event.tool_use_id));
      if (path !== undefined && text.startsWith("Conflict:")) conflicts.push({ path, message: text.slice(0, CONFLICT_MESSAGE_CHARS) });
    }
  }
  return { thread_id: threadId, changes, reply, conflicts };
}
