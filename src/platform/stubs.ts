// Reaches every Durable Object by its id, for the API and for other objects: one typed stub per kind, each through the
// RPC door. A malformed id is simply not found, never an object created by accident. The object classes are imported
// as types only: their declared RPC surface, not their code.
import type { AgentRpc } from "../agent/agent-object";
import type { DIRECTORY_RPC, DirectoryObject } from "../directory/directory-object";
import type { DREAM_RPC, DreamObject } from "../dreaming/dream-object";
import type { Env } from "../env";
import type { ENVIRONMENT_RPC, EnvironmentObject } from "../environments/environment-object";
import { agentIdOfSession, isAgentId, isDreamId, isEnvironmentId, isMemoryStoreId, isVaultId, isWorkspaceId } from "../ids";
import type { MEMORY_STORE_RPC, MemoryStoreObject } from "../memory/memory-store-object";
import type { ORCHESTRATOR_RPC, OrchestratorObject } from "../multiagent/orchestrator-object";
import type { VAULT_RPC, VaultObject } from "../vaults/vault-object";
import type { WORKSPACE_RPC, WorkspaceObject } from "../workspace/workspace-object";
import { notFound } from "./errors";
import { type GuardedObject, guardedStub, type RpcView } from "./rpc-door";

type WithFetch = { fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> };

export type AgentStub = RpcView<AgentRpc, keyof AgentRpc> & WithFetch;
export type DirectoryStub = RpcView<DirectoryObject, (typeof DIRECTORY_RPC)[number]>;
export type DreamStub = RpcView<DreamObject, (typeof DREAM_RPC)[number]> & WithFetch;
export type MemoryStoreStub = RpcView<MemoryStoreObject, (typeof MEMORY_STORE_RPC)[number]>;
export type WorkspaceStub = RpcView<WorkspaceObject, (typeof WORKSPACE_RPC)[number]>;
export type OrchestratorStub = RpcView<OrchestratorObject, (typeof ORCHESTRATOR_RPC)[number]>;
export type EnvironmentStub = RpcView<EnvironmentObject, (typeof ENVIRONMENT_RPC)[number]>;
export type VaultStub = RpcView<VaultObject, (typeof VAULT_RPC)[number]>;

/** The directory of a tenant (or the admin's, by its reserved name). */
export function directoryOf(env: Env, name: string): DirectoryStub {
  return guardedStub<DirectoryStub>(env.DIRECTORY.getByName(name) as unknown as GuardedObject);
}

export function agentOf(env: Env, agentId: string): AgentStub {
  if (!isAgentId(agentId)) throw notFound("Agent", agentId);
  return guardedStub<AgentStub>(env.AGENT.getByName(agentId) as unknown as GuardedObject);
}

export function dreamOf(env: Env, dreamId: string): DreamStub {
  if (!isDreamId(dreamId)) throw notFound("Dream", dreamId);
  return guardedStub<DreamStub>(env.DREAM.getByName(dreamId) as unknown as GuardedObject);
}

export function memoryStoreOf(env: Env, storeId: string): MemoryStoreStub {
  if (!isMemoryStoreId(storeId)) throw notFound("Memory store", storeId);
  return guardedStub<MemoryStoreStub>(env.MEMORY_STORE.getByName(storeId) as unknown as GuardedObject);
}

export function workspaceOf(env: Env, workspaceId: string): WorkspaceStub {
  if (!isWorkspaceId(workspaceId)) throw notFound("Workspace", workspaceId);
  return guardedStub<WorkspaceStub>(env.WORKSPACE.getByName(workspaceId) as unknown as GuardedObject);
}

/** A coordinator session's orchestrator, named by the coordinator session's id. */
export function orchestratorOf(env: Env, coordinatorSessionId: string): OrchestratorStub {
  if (!agentIdOfSession(coordinatorSessionId)) throw notFound("Session", coordinatorSessionId);
  return guardedStub<OrchestratorStub>(env.ORCHESTRATOR.getByName(coordinatorSessionId) as unknown as GuardedObject);
}

/** A self-hosted environment's work queue, named by the environment's id. */
export function environmentOf(env: Env, environmentId: string): EnvironmentStub {
  if (!isEnvironmentId(environmentId)) throw notFound("Environment", environmentId);
  return guardedStub<EnvironmentStub>(env.ENVIRONMENT.getByName(environmentId) as unknown as GuardedObject);
}

/** A vault and its credentials, named by the vault's id. */
export function vaultOf(env: Env, vaultId: string): VaultStub {
  if (!isVaultId(vaultId)) throw notFound("Vault", vaultId);
  return guardedStub<VaultStub>(env.VAULT.getByName(vaultId) as unknown as GuardedObject);
}
