// Session rows of an AgentObject: reading, writing and rendering them in the Managed Agents shape.
import { notFound } from "../platform/errors";
import { addCallUsage } from "../model/call-usage";
import type { CallUsage } from "../model/pricing";
import type { Agent } from "../schemas/agent";
import type { Metadata } from "../schemas/common";
import type { SessionMultiagent } from "../schemas/multiagent";
import type { OutcomeEvaluation } from "../schemas/outcome";
import type { MemoryStoreResource, Session, SessionStatus, SessionUsage } from "../schemas/session";
import type { StopReason } from "../schemas/session-event";

export type SessionRow = {
  id: string;
  agent_version: number;
  environment_id: string;
  status: SessionStatus;
  stop_reason: string | null;
  title: string | null;
  metadata: string;
  usage: string;
  retry_attempt: number;
  run_generation: number;
  active_ms: number;
  running_since: number | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  resources: string;
  reflected_seq: number;
  grader_usage: string;
  workspace_id: string | null;
  coordinator_session_id: string | null;
  thread_reported_seq: number;
  multiagent: string | null;
  vault_ids: string;
};

/** Usage as stored: the wire shape's counters plus the cost in micro-dollars, rounded to cents only when shown. */
export interface StoredUsage extends CallUsage {
  cost_micros: number | null;
}

export const EMPTY_USAGE: StoredUsage = {
  input_tokens: 0,
  output_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
  cost_micros: 0,
};

export function findSession(sql: SqlStorage, sessionId: string): SessionRow | null {
  return sql.exec<SessionRow>("SELECT * FROM sessions WHERE id = ?", sessionId).toArray()[0] ?? null;
}

export function requireSession(sql: SqlStorage, sessionId: string): SessionRow {
  const row = findSession(sql, sessionId);
  if (!row) throw notFound("Session", sessionId);
  return row;
}

/** The vaults a session takes MCP credentials from, in the order given. */
export const sessionVaultIds = (row: SessionRow): string[] => JSON.parse(row.vault_ids) as string[];

export function insertSession(
  sql: SqlStorage,
  session: {
    id: string;
    agent_version: number;
    environment_id: string;
    title: string | null;
    metadata: Metadata;
    resources: MemoryStoreResource[];
    /** The vaults its MCP calls take credentials from. */
    vault_ids?: string[];
    /** A thread works in its coordinator's workspace; other sessions name theirs when first needed. */
    workspace_id?: string;
    /** Set on a thread: the coordinator session its status changes are reported to. */
    coordinator_session_id?: string;
    /** Set on a coordinator session: its roster as it is now. */
    multiagent?: SessionMultiagent;
  },
): void {
  const now = new Date().toISOString();
  sql.exec(
    `INSERT INTO sessions (id, agent_version, environment_id, status, title, metadata, usage, resources, created_at, updated_at,
       workspace_id, coordinator_session_id, multiagent, vault_ids)
     VALUES (?, ?, ?, 'idle', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    session.id,
    session.agent_version,
    session.environment_id,
    session.title,
    JSON.stringify(session.metadata),
    JSON.stringify(EMPTY_USAGE),
    JSON.stringify(session.resources),
    now,
    now,
    session.workspace_id ?? null,
    session.coordinator_session_id ?? null,
    session.multiagent ? JSON.stringify(session.multiagent) : null,
    JSON.stringify(session.vault_ids ?? []),
  );
}

/**
 * Moves a session to a new status, keeping the active-time clock (it runs while the session is running or
 * rescheduling) and the retry count of the current step (kept until the step succeeds or the session stops).
 */
export function setSessionStatus(sql: SqlStorage, sessionId: string, status: SessionStatus, stopReason?: StopReason): void {
  const row = requireSession(sql, sessionId);
  const now = Date.now();
  const wasActive = row.running_since !== null;
  const isActive = status === "running" || status === "rescheduling";
  const activeMs = row.active_ms + (wasActive && !isActive ? now - (row.running_since ?? now) : 0);
  const runningSince = isActive ? (row.running_since ?? now) : null;
  sql.exec(
    `UPDATE sessions SET status = ?, stop_reason = COALESCE(?, stop_reason), active_ms = ?, running_since = ?,
       retry_attempt = CASE WHEN ? IN ('rescheduling', 'running') THEN retry_attempt ELSE 0 END, updated_at = ? WHERE id = ?`,
    status,
    stopReason ? JSON.stringify(stopReason) : null,
    activeMs,
    runningSince,
    status,
    new Date(now).toISOString(),
    sessionId,
  );
}

function plus(usage: StoredUsage, call: CallUsage, costMicros: number | null): StoredUsage {
  return { ...addCallUsage(usage, call), cost_micros: usage.cost_micros === null || costMicros === null ? null : usage.cost_micros + costMicros };
}

export function addSessionUsage(sql: SqlStorage, sessionId: string, call: CallUsage, costMicros: number | null): void {
  const row = requireSession(sql, sessionId);
  const next = plus(JSON.parse(row.usage) as StoredUsage, call, costMicros);
  sql.exec("UPDATE sessions SET usage = ?, updated_at = ? WHERE id = ?", JSON.stringify(next), new Date().toISOString(), sessionId);
}

/** A grader call counts in the session's usage and cost, and is also kept apart so a reader sees what grading cost. */
export function addGraderUsage(sql: SqlStorage, sessionId: string, call: CallUsage, costMicros: number | null): void {
  addSessionUsage(sql, sessionId, call, costMicros);
  const row = requireSession(sql, sessionId);
  sql.exec("UPDATE sessions SET grader_usage = ? WHERE id = ?", JSON.stringify(plus(JSON.parse(row.grader_usage) as StoredUsage, call, costMicros)), sessionId);
}

export function renderUsage(stored: StoredUsage): SessionUsage {
  return {
    input_tokens: stored.input_tokens,
    output_tokens: stored.output_tokens,
    cache_read_input_tokens: stored.cache_read_input_tokens,
    cache_creation: { ephemeral_5m_input_tokens: stored.cache_creation_input_tokens },
    list_cost: stored.cost_micros === null ? null : { amount: String(Math.round(stored.cost_micros / 10_000)), currency: "USD" },
  };
}

export function sessionResources(row: SessionRow): MemoryStoreResource[] {
  return JSON.parse(row.resources) as MemoryStoreResource[];
}

export function sessionMultiagent(row: SessionRow): SessionMultiagent | null {
  return row.multiagent ? (JSON.parse(row.multiagent) as SessionMultiagent) : null;
}

export function renderSession(row: SessionRow, agent: Agent, outcomes: OutcomeEvaluation[]): Session {
  const now = Date.now();
  const activeMs = row.active_ms + (row.running_since !== null ? now - row.running_since : 0);
  const endedAt = row.status === "terminated" ? Date.parse(row.updated_at) : now;
  return {
    id: row.id,
    type: "session",
    agent: {
      id: agent.id,
      type: "agent",
      version: agent.version,
      name: agent.name,
      model: agent.model,
      description: agent.description,
      system: agent.system,
      tools: agent.tools,
      execution_identity: { type: "service_account" },
      mcp_servers: [],
      skills: [],
      multiagent: sessionMultiagent(row),
    },
    environment_id: row.environment_id,
    status: row.status,
    title: row.title,
    metadata: JSON.parse(row.metadata) as Metadata,
    usage: renderUsage(JSON.parse(row.usage) as StoredUsage),
    stats: { active_seconds: Math.round(activeMs / 1000), duration_seconds: Math.round((endedAt - Date.parse(row.created_at)) / 1000) },
    resources: sessionResources(row),
    outcome_evaluations: outcomes,
    vault_ids: sessionVaultIds(row),
    budget: null,
    created_at: row.created_at,
    updated_at: row.updated_at,
    archived_at: row.archived_at,
    stop_reason: row.stop_reason ? (JSON.parse(row.stop_reason) as StopReason) : null,
    grader_usage: renderUsage(JSON.parse(row.grader_usage) as StoredUsage),
  };
}
