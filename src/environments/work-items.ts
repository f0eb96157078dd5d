// Work items as rows and as the API shows them: finding one (of this environment, or a session's), enqueuing a
// session, metadata patches, the newest-first list, and the grant a verified work token carries.
import { notFound } from "../platform/errors";
import { environmentIdOfWork, newWorkId } from "../ids";
import { applyMetadataPatch, type Metadata, type PageQuery } from "../schemas/common";
import {
  LIVE_WORK_STATES,
  type SelfHostedWork,
  type SessionWorkRequest,
  type WorkGrant,
  type WorkState,
  type WorkUpdateRequest,
} from "../schemas/environment-work";
import { pageByCreatedAt } from "../storage/created-at-page";

export type WorkRow = {
  id: string;
  session_id: string;
  agent_id: string;
  /** JSON of SessionWorkRequest["memory_stores"]. */
  memory_stores: string;
  state: WorkState;
  /** JSON of the item's Metadata. */
  metadata: string;
  created_at: string;
  queued_at: string;
  handed_out_at: number | null;
  worker_id: string | null;
  secret_hash: string | null;
  acknowledged_at: string | null;
  started_at: string | null;
  latest_heartbeat_at: string | null;
  lease_ttl_seconds: number | null;
  lease_expires_at: number | null;
  stop_requested_at: string | null;
  stopped_at: string | null;
};

const LIVE_STATES_SQL = LIVE_WORK_STATES.map((state) => `'${state}'`).join(", ");

export function findWork(sql: SqlStorage, workId: string): WorkRow | undefined {
  return sql.exec<WorkRow>("SELECT * FROM work_items WHERE id = ?", workId).toArray()[0];
}

/** A work item of this environment's queue, or the not_found_error of its id (a malformed or foreign id included). */
export function requireWork(sql: SqlStorage, environmentId: string, workId: string): WorkRow {
  const row = environmentIdOfWork(workId) === environmentId ? findWork(sql, workId) : undefined;
  if (!row) throw notFound("Work item", workId);
  return row;
}

/** The item a worker may still be running for the session, if any (there is at most one). */
export function liveWorkOfSession(sql: SqlStorage, sessionId: string): WorkRow | undefined {
  return sql
    .exec<WorkRow>(`SELECT * FROM work_items WHERE session_id = ? AND state IN (${LIVE_STATES_SQL}) ORDER BY created_at DESC LIMIT 1`, sessionId)
    .toArray()[0];
}

/** The session's live item, else its most recent one. */
export function currentWorkOfSession(sql: SqlStorage, sessionId: string): WorkRow | undefined {
  return (
    liveWorkOfSession(sql, sessionId) ??
    sql.exec<WorkRow>("SELECT * FROM work_items WHERE session_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1", sessionId).toArray()[0]
  );
}

/** A new queued item for the session. */
export function insertWork(sql: SqlStorage, environmentId: string, session: SessionWorkRequest, now: string): WorkRow {
  return sql
    .exec<WorkRow>(
      `INSERT INTO work_items (id, session_id, agent_id, memory_stores, state, metadata, created_at, queued_at)
       VALUES (?, ?, ?, ?, 'queued', '{}', ?, ?) RETURNING *`,
      newWorkId(environmentId),
      session.session_id,
      session.agent_id,
      JSON.stringify(session.memory_stores),
      now,
      now,
    )
    .one();
}

export function patchWorkMetadata(sql: SqlStorage, row: WorkRow, patch: WorkUpdateRequest["metadata"]): WorkRow {
  const metadata = applyMetadataPatch(JSON.parse(row.metadata) as Metadata, patch);
  return sql.exec<WorkRow>("UPDATE work_items SET metadata = ? WHERE id = ? RETURNING *", JSON.stringify(metadata), row.id).one();
}

/** BetaSelfHostedWork; `secret` only for the poll that hands the item out. */
export function renderWork(row: WorkRow, environmentId: string, secret: string | null = null): SelfHostedWork {
  return {
    type: "work",
    id: row.id,
    environment_id: environmentId,
    data: { type: "session", id: row.session_id },
    state: row.state,
    secret,
    metadata: JSON.parse(row.metadata) as Metadata,
    created_at: row.created_at,
    acknowledged_at: row.acknowledged_at,
    started_at: row.started_at,
    latest_heartbeat_at: row.latest_heartbeat_at,
    stop_requested_at: row.stop_requested_at,
    stopped_at: row.stopped_at,
  };
}

/** The environment's items, newest first, in cursor pages. */
export function listWork(sql: SqlStorage, environmentId: string, query: PageQuery): { data: SelfHostedWork[]; next_page: string | null } {
  const page = pageByCreatedAt<WorkRow>(sql, { select: "*", from: "work_items" }, query.page, query.limit);
  return { data: page.data.map((row) => renderWork(row, environmentId)), next_page: page.next_page };
}

export function grantOf(row: WorkRow, environmentId: string): WorkGrant {
  return {
    work_id: row.id,
    environment_id: environmentId,
    session_id: row.session_id,
    agent_id: row.agent_id,
    memory_stores: JSON.parse(row.memory_stores) as WorkGrant["memory_stores"],
    state: row.state,
  };
}
