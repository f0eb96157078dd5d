// Routes ids to their Durable Objects; a malformed id is simply not found, never an object created by accident.
import type { Context } from "hono";
import type { AgentObject } from "../agent/agent-object";
import type { DirectoryObject } from "../directory/directory-object";
import type { Env } from "../env";
import { dreamOf } from "../dreaming/dream-stub";
import { agentIdOfSession, dreamIdOfSession, isAgentId } from "../ids";
import { notFound } from "./api-error";
import type { AppEnv } from "./app-env";
import { type GuardedObject, guardedStub, type RpcView } from "./guarded-rpc";

export type AgentStub = RpcView<AgentObject> & { fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> };
export type DirectoryStub = RpcView<DirectoryObject>;

/** The directory of a tenant (or the admin's, by its reserved name). */
export function directoryOf(env: Env, name: string): DirectoryStub {
  return guardedStub<DirectoryObject>(env.DIRECTORY.getByName(name) as unknown as GuardedObject);
}

/** An agent's object, for other objects; a malformed id is simply not found. */
export function agentOf(env: Env, agentId: string): AgentStub {
  if (!isAgentId(agentId)) throw notFound("Agent", agentId);
  return guardedStub<AgentObject>(env.AGENT.getByName(agentId) as unknown as GuardedObject) as AgentStub;
}

export function agentStub(c: Context<AppEnv>, agentId: string): AgentStub {
  return agentOf(c.env, agentId);
}

/** What hosts a session: its agent, or for a dream's progress session the dream (which refuses every change). */
export type SessionHostStub = Pick<
  AgentStub,
  "getSession" | "listEvents" | "sendEvents" | "updateSession" | "archiveSession" | "deleteSession" | "fetch"
>;

/** The stub of the object that hosts a session, with the owner's id (the agent's, or the dream's). */
export function sessionOwner(c: Context<AppEnv>, sessionId: string): { agentId: string; stub: SessionHostStub } {
  const dreamId = dreamIdOfSession(sessionId);
  if (dreamId) return { agentId: dreamId, stub: dreamOf(c.env, dreamId) };
  const agentId = agentIdOfSession(sessionId);
  if (!agentId) throw notFound("Session", sessionId);
  return { agentId, stub: agentStub(c, agentId) };
}
