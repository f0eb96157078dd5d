// A session's workspace: its id (named on first use and kept on the session), and the file tools' backend over it.
import type { Env } from "../env";
import { newWorkspaceId } from "../ids";
import type { FileBackend } from "../tools/file-tools";
import { workspaceOf } from "../platform/stubs";
import { requireSession } from "./session-store";

/** The session's workspace id; a session that never needed one gets it now, once (callers run in the object, so no race). */
export function sessionWorkspaceId(sql: SqlStorage, sessionId: string): string {
  const row = requireSession(sql, sessionId);
  if (row.workspace_id) return row.workspace_id;
  const workspaceId = newWorkspaceId();
  sql.exec("UPDATE sessions SET workspace_id = ? WHERE id = ?", workspaceId, sessionId);
  return workspaceId;
}

/** The file tools act as the session: what it reads is remembered for it, and its writes are recorded under it. */
export function fileBackend(env: Env, tenantId: string, workspaceId: string, sessionId: string): FileBackend {
  const workspace = workspaceOf(env, workspaceId);
  const reader = { type: "session" as const, id: sessionId };
  return {
    read: (path) => workspace.readForAgent(tenantId, reader, path),
    write: (path, operationId, change) => workspace.writeForAgent(tenantId, { reader, path, operation_id: operationId, change }),
    glob: (pattern, path, after, steps) => workspace.globFiles(tenantId, pattern, path, after, steps),
    grep: (query, from, allowance) => workspace.grepFiles(tenantId, query, from, allowance),
  };
}
