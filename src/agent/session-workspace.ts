// A session's workspace id: named on first use and kept on the session (the file tools' backend: tools/file-tools.ts).
import { newWorkspaceId } from "../ids";
import { requireSession } from "./session-store";

/** The session's workspace id; a session that never needed one gets it now, once (callers run in the object, so no race). */
export function sessionWorkspaceId(sql: SqlStorage, sessionId: string): string {
  const row = requireSession(sql, sessionId);
  if (row.workspace_id) return row.workspace_id;
  const workspaceId = newWorkspaceId();
  sql.exec("UPDATE sessions SET workspace_id = ? WHERE id = ?", workspaceId, sessionId);
  return workspaceId;
}
