// User messages that arrive while a session is running: queued, then taken into the transcript between steps.
import type { ContentBlock } from "../schemas/session-event";
import type { Append } from "./session-status";

export function queueMessage(sql: SqlStorage, sessionId: string, id: string, content: ContentBlock[]): void {
  sql.exec("INSERT INTO inbox (session_id, id, content) VALUES (?, ?, ?)", sessionId, id, JSON.stringify(content));
}

/** Appends every queued message of the session as a `user.message` event, in arrival order; returns how many. */
export function deliverQueuedMessages(sql: SqlStorage, sessionId: string, append: Append): number {
  const queued = sql.exec<{ id: string; content: string }>("SELECT id, content FROM inbox WHERE session_id = ? ORDER BY seq", sessionId).toArray();
  for (const message of queued) append("user.message", { content: JSON.parse(message.content) as ContentBlock[] }, message.id);
  sql.exec("DELETE FROM inbox WHERE session_id = ?", sessionId);
  return queued.length;
}
