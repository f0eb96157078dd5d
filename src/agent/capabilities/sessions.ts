// The agent's sessions: creating one (with its first events), reading, renaming, archiving and deleting it, and
// reading its transcript. What sends events into a session is ./session-events.ts; what runs it, ./session-steps.ts.
import { invalidRequest } from "../../platform/errors";
import { directoryOf, environmentOf, orchestratorOf, workspaceOf } from "../../platform/stubs";
import { applyMetadataPatch, type Metadata } from "../../schemas/common";
import type { MemoryStoreResourceParam, Session, SessionUpdate } from "../../schemas/session";
import type { InitialEvent } from "../../schemas/session-event";
import { snapshotRoster } from "../../multiagent/roster";
import { acceptOutcome, applyDefaultOutcome } from "../../outcomes/outcome-flow";
import { cancelWork } from "../../schedule/work-schedule";
import { type EventPageQuery, pageEvents } from "../../transcript/event-log";
import type { AgentCore } from "../agent-core";
import { renderSessionById, syncSessionListing } from "../agent-listings";
import { renderAgent } from "../agent-versions";
import { currentMemoryStore } from "../memory-pointer";
import { resolveAttachments } from "../session-memory";
import { markRunning } from "../session-status";
import { findSession, insertSession, requireSession } from "../session-store";
import { sessionWorkspaceId } from "../session-workspace";
import { requireUsableVaults } from "../../vaults/usable-vaults";

export interface NewSession {
  id: string;
  agent_version?: number;
  environment_id: string;
  title: string | null;
  metadata: Metadata;
  /** `user.message` and `user.define_outcome` events to start with, in order; any of them starts the agent. */
  initial_events: InitialEvent[];
  /** Memory stores to attach; undefined attaches the agent's current store. */
  resources?: MemoryStoreResourceParam[];
  /** Vaults its MCP calls take credentials from (each the tenant's and not archived). */
  vault_ids?: string[];
  /** A thread: the workspace it shares with its coordinator, and the coordinator session told of its status changes. */
  workspace_id?: string;
  coordinator_session_id?: string;
}

/** The due work a session owns, canceled with it. */
const SESSION_WORK = ["session_step", "session_reflection", "thread_callback"] as const;

export function agentSessions(core: AgentCore) {
  const busy = (status: string) => status === "running" || status === "rescheduling";

  const rpc = {
    /** `alongside` (a deployment run recording its session) joins the transaction that records the session. */
    async createSession(tenantId: string, agentId: string, params: NewSession, alongside?: () => void): Promise<Session> {
      const agent = core.requireAgent(tenantId, agentId);
      // An orchestrator starting a thread again after a crash finds the session it created before.
      const existing = params.coordinator_session_id ? findSession(core.sql, params.id) : null;
      if (existing && existing.coordinator_session_id === params.coordinator_session_id) return renderSessionById(core, params.id);
      if (agent.archived_at) throw invalidRequest(`Agent '${agentId}' is archived; new sessions cannot use it.`);
      const version = params.agent_version ?? agent.version;
      const coordinates = renderAgent(core.sql, agent, version).multiagent; // not_found_error for a version the agent never had
      if (coordinates && params.coordinator_session_id) throw invalidRequest(`Agent '${agentId}' is a coordinator and cannot run as a thread.`);
      const resources = await resolveAttachments(core.env, tenantId, params.resources, currentMemoryStore(core.sql));
      await requireUsableVaults(core.env, tenantId, params.vault_ids ?? []);
      const multiagent = coordinates ? { type: "coordinator" as const, agents: await snapshotRoster(core.env, tenantId, coordinates) } : undefined;
      const starts = params.initial_events.length > 0;
      core.record(params.id, (append) => {
        insertSession(core.sql, { ...params, agent_version: version, resources, multiagent });
        for (const event of params.initial_events) {
          if (event.type === "user.message") append("user.message", { content: event.content });
          else acceptOutcome(core.sql, append, params.id, event);
        }
        if (starts) applyDefaultOutcome(core.sql, append, params.id, core.agentAt(version).outcome);
        if (starts) markRunning(core.sql, append, params.id);
        alongside?.();
      });
      if (starts) await core.schedule("session_step", params.id, Date.now());
      return syncSessionListing(core, params.id);
    },

    getSession(tenantId: string, agentId: string, sessionId: string): Session {
      core.requireAgent(tenantId, agentId);
      return renderSessionById(core, sessionId);
    },

    async updateSession(tenantId: string, agentId: string, sessionId: string, update: SessionUpdate): Promise<Session> {
      core.requireAgent(tenantId, agentId);
      const row = requireSession(core.sql, sessionId);
      const metadata = applyMetadataPatch(JSON.parse(row.metadata) as Metadata, update.metadata);
      const title = update.title === undefined ? row.title : update.title;
      core.sql.exec(
        "UPDATE sessions SET title = ?, metadata = ?, updated_at = ? WHERE id = ?",
        title,
        JSON.stringify(metadata),
        new Date().toISOString(),
        sessionId,
      );
      return syncSessionListing(core, sessionId);
    },

    async archiveSession(tenantId: string, agentId: string, sessionId: string): Promise<Session> {
      core.requireAgent(tenantId, agentId);
      const row = requireSession(core.sql, sessionId);
      if (busy(row.status)) throw invalidRequest(`Session '${sessionId}' is ${row.status}; interrupt it before archiving.`);
      if (!row.archived_at) {
        const now = new Date().toISOString();
        core.sql.exec("UPDATE sessions SET archived_at = ?, updated_at = ? WHERE id = ?", now, now, sessionId);
      }
      return syncSessionListing(core, sessionId);
    },

    async deleteSession(tenantId: string, agentId: string, sessionId: string) {
      const agent = core.requireAgent(tenantId, agentId);
      const row = requireSession(core.sql, sessionId);
      if (busy(row.status)) throw invalidRequest(`Session '${sessionId}' is ${row.status}; interrupt it before deleting.`);
      // The workspace goes first: should this request fail after it, the session remains and its deletion can be retried.
      // A thread's workspace is its coordinator's, which goes with the coordinator session.
      if (row.workspace_id && !row.coordinator_session_id) await workspaceOf(core.env, row.workspace_id).deleteWorkspace(agent.tenant_id);
      // A coordinator's orchestrator goes too: its running threads are interrupted first.
      if (row.multiagent) await orchestratorOf(core.env, sessionId).forgetSession(agent.tenant_id);
      // A self-hosted environment's worker stops working on it.
      if ((await core.toolsetHostOf(row.environment_id)) === "self_hosted")
        await environmentOf(core.env, row.environment_id).stopSessionWork(agent.tenant_id, sessionId);
      core.ctx.storage.transactionSync(() => {
        for (const table of ["events", "inbox", "outcomes", "mcp_tool_lists", "sessions"])
          core.sql.exec(`DELETE FROM ${table} WHERE ${table === "sessions" ? "id" : "session_id"} = ?`, sessionId);
        for (const kind of SESSION_WORK) cancelWork(core.sql, kind, sessionId);
      });
      core.live.closeSession(sessionId);
      await directoryOf(core.env, agent.tenant_id).removeListing("session", sessionId);
      return { id: sessionId, type: "session_deleted" as const };
    },

    listEvents(tenantId: string, agentId: string, sessionId: string, query: EventPageQuery) {
      core.requireAgent(tenantId, agentId);
      requireSession(core.sql, sessionId);
      return pageEvents(core.sql, sessionId, query);
    },

    /** The id of the session's workspace, for the workspace file routes (which check the tenant here first). */
    sessionWorkspace(tenantId: string, agentId: string, sessionId: string): string {
      core.requireAgent(tenantId, agentId);
      return sessionWorkspaceId(core.sql, sessionId);
    },

    /** Ends the streams a revoked key opened here (called by the tenant's directory); how many were open. */
    closeStreamsOfKey(keyId: string): number {
      return core.live.closeStreamsOfKey(keyId);
    },
  };
  return { rpc };
}
