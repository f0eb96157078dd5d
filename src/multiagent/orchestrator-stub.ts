// Reaches a coordinator session's OrchestratorObject, named by the coordinator session's id.
import { notFound } from "../api/api-error";
import { type GuardedObject, guardedStub, type RpcView } from "../api/guarded-rpc";
import type { Env } from "../env";
import { agentIdOfSession } from "../ids";
import type { OrchestratorObject } from "./orchestrator-object";

export type OrchestratorStub = RpcView<OrchestratorObject>;

/** A malformed session id is simply not found, never an object created by accident. */
export function orchestratorOf(env: Env, coordinatorSessionId: string): OrchestratorStub {
  if (!agentIdOfSession(coordinatorSessionId)) throw notFound("Session", coordinatorSessionId);
  return guardedStub<OrchestratorObject>(env.ORCHESTRATOR.getByName(coordinatorSessionId) as unknown as GuardedObject);
}
