// A thread's side of the completion callback: which status changes its coordinator has not heard of yet, its last reply
// and the file conflicts it hit, read from the specialist session's own transcript.
import { contentText } from "../transcript/event-fields";
import { eventTypes, isEventOf, type SessionEvent, type SessionEventOf, type StopReason } from "../schemas/recorded-events";
import { putWork } from "../schedule/work-schedule";

/** The events that change a thread's status, which its coordinator is told of. */
export const THREAD_STATUS_EVENT_TYPES = eventTypes("session.status_running", "session.status_idle", "session.status_terminated");

/** A status change: an idle thread says why it stopped. */
export type ThreadStatusChange = {
  /** The status event's sequence number in the specialist's object: reports are ordered and deduplicated by it. */
  seq: number;
  at: string;
} & ({ status: "idle"; stop_reason: StopReason } | { status: "running" | "terminated"; stop_reason: null });

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
  if (!appended.some((event) => isEventOf(event, THREAD_STATUS_EVENT_TYPES))) return false;
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
    if (isEventOf(event, THREAD_STATUS_EVENT_TYPES) && seq > reportedSeq) changes.push(statusChange(seq, event));
    if (event.type === "agent.message") reply = contentText(event.content);
    if (event.type === "agent.tool_use" && (event.name === "write" || event.name === "edit")) {
      writesById.set(event.id, String(event.input.file_path ?? ""));
    }
    if (event.type === "agent.tool_result" && event.is_error) {
      const text = contentText(event.content);
      const path = writesById.get(event.tool_use_id);
      if (path !== undefined && text.startsWith("Conflict:")) conflicts.push({ path, message: text.slice(0, CONFLICT_MESSAGE_CHARS) });
    }
  }
  return { thread_id: threadId, changes, reply, conflicts };
}

function statusChange(seq: number, event: SessionEventOf<(typeof THREAD_STATUS_EVENT_TYPES)[number]>): ThreadStatusChange {
  const at = event.processed_at;
  if (event.type === "session.status_idle") return { seq, at, status: "idle", stop_reason: event.stop_reason };
  return { seq, at, status: event.type === "session.status_running" ? "running" : "terminated", stop_reason: null };
}
