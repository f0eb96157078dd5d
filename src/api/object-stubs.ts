// Routes ids to their Durable Objects; a malformed id is simply not found, never an object created by accident.
import type { Context } from "hono";
import type { AgentObject } from "../agent/agent-object";
import type { DirectoryObject } from "../directory/directory-object";
import type { Env } from "../env";
import { agentIdOfSession, isAgentId } from "../ids";
import { notFound } from "./api-error";
import type { AppEnv } from "./app-env";

/**
 * An object's public methods as its stub offers them. Workers' own stub typing rewrites every argument
 * recursively, which never ends on recursive JSON types (tool schemas), so callers see this plain view.
 */
type RpcView<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

export type AgentStub = RpcView<AgentObject> & { fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> };

export type DirectoryStub = RpcView<DirectoryObject>;

/** The directory of a tenant (or the admin's, by its reserved name). */
export function directoryOf(env: Env, name: string): DirectoryStub {
  return env.DIRECTORY.getByName(name) as unknown as DirectoryStub;
}

export function agentStub(c: Context<AppEnv>, agentId: string): AgentStub {
  if (!isAgentId(agentId)) throw notFound("Agent", agentId);
  return c.env.AGENT.getByName(agentId) as unknown as AgentStub;
}

/** The stub of the agent that owns a session, with that agent's id. */
export function sessionOwner(c: Context<AppEnv>, sessionId: string) {
  const agentId = agentIdOfSession(sessionId);
  if (!agentId) throw notFound("Session", sessionId);
  return { agentId, stub: c.env.AGENT.getByName(agentId) as unknown as AgentStub };
}
