// Reaches every Durable Object by its id, for the API and for other objects: one typed stub per kind, each through the
// RPC door. A malformed id is simply not found, never an object created by accident. The object classes are imported
// as types only: their RPC surface, not their code.
import type { AgentObject } from "../agent/agent-object";
import type { DirectoryObject } from "../directory/directory-object";
import type { DreamObject } from "../dreaming/dream-object";
import type { Env } from "../env";
import { agentIdOfSession, isAgentId, isDreamId, isMemoryStoreId, isWorkspaceId } from "../ids";
import type { MemoryStoreObject } from "../memory/memory-store-object";
import type { OrchestratorObject } from "../multiagent/orchestrator-object";
import type { WorkspaceObject } from "../workspace/workspace-object";
import { notFound } from "./errors";
import { type GuardedObject, guardedStub, type RpcView } from "./rpc-door";

type WithFetch = { fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> };

export type AgentStub = RpcView<AgentObject> & WithFetch;
export type DirectoryStub = RpcView<DirectoryObject>;
export type DreamStub = RpcView<DreamObject> & WithFetch;
export type MemoryStoreStub = RpcView<MemoryStoreObject>;
export type WorkspaceStub = RpcView<WorkspaceObject>;
export type OrchestratorStub = RpcView<OrchestratorObject>;

/** The directory of a tenant (or the admin's, by its reserved name). */
export function directoryOf(env: Env, name: string): DirectoryStub {
  return guardedStub<DirectoryObject>(env.DIRECTORY.getByName(name) as unknown as GuardedObject);
}

export function agentOf(env: Env, agentId: string): AgentStub {
  if (!isAgentId(agentId)) throw notFound("Agent", agentId);
  return guardedStub<AgentObject>(env.AGENT.getByName(agentId) as unknown as GuardedObject) as AgentStub;
}

export function dreamOf(env: Env, dreamId: string): DreamStub {
  if (!isDreamId(dreamId)) throw notFound("Dream", dreamId);
  return guardedStub<DreamObject>(env.DREAM.getByName(dreamId) as unknown as GuardedObject) as DreamStub;
}

export function memoryStoreOf(env: Env, storeId: string): MemoryStoreStub {
  if (!isMemoryStoreId(storeId)) throw notFound("Memory store", storeId);
  return guardedStub<MemoryStoreObject>(env.MEMORY_STORE.getByName(storeId) as unknown as GuardedObject);
}

export function workspaceOf(env: Env, workspaceId: string): WorkspaceStub {
  if (!isWorkspaceId(workspaceId)) throw notFound("Workspace", workspaceId);
  return guardedStub<WorkspaceObject>(env.WORKSPACE.getByName(workspaceId) as unknown as GuardedObject);
}

/** A coordinator session's orchestrator, named by the coordinator session's id. */
export function orchestratorOf(env: Env, coordinatorSessionId: string): OrchestratorStub {
  if (!agentIdOfSession(coordinatorSessionId)) throw notFound("Session", coordinatorSessionId);
  return guardedStub<OrchestratorObject>(env.ORCHESTRATOR.getByName(coordinatorSessionId) as unknown as GuardedObject);
}
