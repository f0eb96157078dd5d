// Reaches a workspace's object by the workspace id, for the API and for the AgentObject running file tools.
import { notFound } from "../api/api-error";
import { type GuardedObject, guardedStub, type RpcView } from "../api/guarded-rpc";
import type { Env } from "../env";
import { isWorkspaceId } from "../ids";
import type { WorkspaceObject } from "./workspace-object";

export type WorkspaceStub = RpcView<WorkspaceObject>;

/** The workspace's object; a malformed id is simply not found, never an object created by accident. */
export function workspaceOf(env: Env, workspaceId: string): WorkspaceStub {
  if (!isWorkspaceId(workspaceId)) throw notFound("Workspace", workspaceId);
  return guardedStub<WorkspaceObject>(env.WORKSPACE.getByName(workspaceId) as unknown as GuardedObject);
}
