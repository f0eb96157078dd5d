// Status transitions of a session: each changes the row and records its status event in the same transaction.
import type { AppendArgs, SessionEventOf, SessionEventType, StopReason } from "../schemas/recorded-events";
import { setSessionStatus } from "./session-store";

/**
 * Appends one event to the session being written, used inside a `record` transaction: `append(type, fields, id?)`,
 * `fields` held to that kind's own fields (and left out for a kind that has none); returns the event recorded.
 */
export type Append = <T extends SessionEventType>(type: T, ...args: AppendArgs<SessionEventOf<T>>) => SessionEventOf<T>;

export function markRunning(sql: SqlStorage, append: Append, sessionId: string): void {
  setSessionStatus(sql, sessionId, "running");
  append("session.status_running");
}

export function markIdle(sql: SqlStorage, append: Append, sessionId: string, stopReason: StopReason): void {
  setSessionStatus(sql, sessionId, "idle", stopReason);
  append("session.status_idle", { stop_reason: stopReason, stop_details: null });
}

export function markRescheduled(sql: SqlStorage, append: Append, sessionId: string): void {
  setSessionStatus(sql, sessionId, "rescheduling");
  append("session.status_rescheduled");
}

export function markTerminated(sql: SqlStorage, append: Append, sessionId: string): void {
  setSessionStatus(sql, sessionId, "terminated");
  append("session.status_terminated");
}
