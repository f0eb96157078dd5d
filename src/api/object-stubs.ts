// Routes ids to their Durable Objects; a malformed id is simply not found, never an object created by accident.
import type { Context } from "hono";
import type { AgentObject } from "../agent/agent-object";
import type { DirectoryObject } from "../directory/directory-object";
import type { Env } from "../env";
import { agentIdOfSession, isAgentId } from "../ids";
import { notFound } from "./api-error";
import type { AppEnv } from "./app-env";
import { type GuardedObject, guardedStub, type RpcView } from "./guarded-rpc";

export type AgentStub = RpcView<AgentObject> & { fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> };
export type DirectoryStub = RpcView<DirectoryObject>;

/** The directory of a tenant (or the admin's, by its reserved name). */
export function directoryOf(env: Env, name: string): DirectoryStub {
  return guardedStub<DirectoryObject>(env.DIRECTORY.getByName(name) as unknown as GuardedObject);
}

export function agentStub(c: Context<AppEnv>, agentId: string): AgentStub {
  if (!isAgentId(agentId)) throw notFound("Agent", agentId);
  return guardedStub<AgentObject>(c.env.AGENT.getByName(agentId) as unknown as GuardedObject) as AgentStub;
}

/** The stub of the agent that owns a session, with that agent's id. */
export function sessionOwner(c: Context<AppEnv>, sessionId: string) {
  const agentId = agentIdOfSession(sessionId);
  if (!agentId) throw notFound("Session", sessionId);
  return { agentId, stub: agentStub(c, agentId) };
}
