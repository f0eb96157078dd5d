// A coordinator's roster: resolved against the tenant's agents when saved, and snapshotted when a session starts.
import { ApiError, echoed, invalidRequest } from "../platform/errors";
import { agentOf } from "../platform/stubs";
import type { Env } from "../env";
import type { Agent } from "../schemas/agent";
import { DEFAULT_MAX_PARALLEL, type Multiagent, type MultiagentParam, type SessionThreadAgent } from "../schemas/multiagent";

/**
 * Checks every roster entry names an existing, non-archived agent of the tenant that is not itself a coordinator (threads
 * go one level deep) and not the coordinator, and pins each to a version (the latest unless the entry names one).
 */
export async function resolveMultiagent(
  env: Env,
  tenantId: string,
  coordinatorId: string | null,
  param: MultiagentParam | null | undefined,
): Promise<Multiagent | null | undefined> {
  if (!param) return param;
  const agents = await Promise.all(
    param.agents.map(async (entry, index) => {
      const where = `multiagent.agents[${index}]`;
      if (entry.id === coordinatorId) throw invalidRequest(`${where}: an agent cannot list itself ({type: "self"} is not supported by Lucid yet).`);
      const agent = await findAgent(env, tenantId, entry.id, entry.version);
      if (!agent) throw invalidRequest(`${where}: agent '${echoed(entry.id)}'${entry.version ? ` version ${entry.version}` : ""} was not found.`);
      if (agent.archived_at) throw invalidRequest(`${where}: agent '${entry.id}' is archived.`);
      if (agent.multiagent) throw invalidRequest(`${where}: agent '${entry.id}' is a coordinator itself; threads go one level deep.`);
      return { type: "agent" as const, id: agent.id, version: agent.version };
    }),
  );
  return { type: "coordinator", agents, max_parallel: param.max_parallel ?? DEFAULT_MAX_PARALLEL };
}

async function findAgent(env: Env, tenantId: string, agentId: string, version: number | undefined): Promise<Agent | null> {
  try {
    return await agentOf(env, agentId).getAgent(tenantId, agentId, version);
  } catch (error) {
    if (error instanceof ApiError && error.type === "not_found_error") return null;
    throw error;
  }
}

/** Each roster agent's full definition at its pinned version, as a coordinator session shows it and its prompt lists it. */
export function snapshotRoster(env: Env, tenantId: string, multiagent: Multiagent): Promise<SessionThreadAgent[]> {
  return Promise.all(
    multiagent.agents.map(async (entry) => {
      const agent = await agentOf(env, entry.id).getAgent(tenantId, entry.id, entry.version);
      return {
        id: agent.id,
        type: "agent" as const,
        version: agent.version,
        name: agent.name,
        description: agent.description,
        model: agent.model,
        system: agent.system,
        tools: agent.tools,
        execution_identity: { type: "service_account" as const },
        mcp_servers: [],
        skills: [],
      };
    }),
  );
}

/** The system block that tells a coordinator whom it may hand work to: one `agent_id (name): description` line each. */
export function rosterPromptBlock(roster: readonly SessionThreadAgent[], maxParallel: number): string {
  const lines = roster.map((agent) => `- ${agent.id} (${agent.name}): ${agent.description ?? "no description"}`);
  return [
    "You coordinate specialist agents. Hand a part of the work to one with open_thread (agent_id, task); threads run in parallel",
    `(at most ${maxParallel} at once, the rest wait their turn) on the same workspace as you. Use message_thread to tell a thread more,`,
    "and wait_for_threads to wait until they finish and read what each replied, including any file conflict it hit.",
    "Your specialists:",
    ...lines,
  ].join("\n");
}
