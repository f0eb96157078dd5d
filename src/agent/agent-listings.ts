// The tenant directory's listings of this object's agent and sessions, which the list routes read: rewritten after
// every change the list shows, from the record as it now is.
import { directoryOf } from "../platform/stubs";
import type { Agent } from "../schemas/agent";
import type { Session } from "../schemas/session";
import { renderOutcome, sessionOutcomes } from "../outcomes/outcome-store";
import type { AgentCore } from "./agent-core";
import { renderAgent } from "./agent-versions";
import { renderSession, requireSession } from "./session-store";

export function renderSessionById(core: AgentCore, sessionId: string): Session {
  const row = requireSession(core.sql, sessionId);
  return renderSession(row, core.agentAt(row.agent_version), sessionOutcomes(core.sql, sessionId).map(renderOutcome));
}

export async function syncAgentListing(core: AgentCore): Promise<Agent> {
  const row = core.agentRow();
  const agent = renderAgent(core.sql, row);
  await directoryOf(core.env, row.tenant_id).putListing("agent", {
    id: agent.id,
    created_at: agent.created_at,
    archived: agent.archived_at !== null,
    body: agent,
  });
  return agent;
}

export async function syncSessionListing(core: AgentCore, sessionId: string): Promise<Session> {
  const session = renderSessionById(core, sessionId);
  await directoryOf(core.env, core.tenantId()).putListing("session", {
    id: session.id,
    created_at: session.created_at,
    archived: session.archived_at !== null,
    agent_id: session.agent.id,
    agent_version: session.agent.version,
    status: session.status,
    body: session,
  });
  return session;
}
