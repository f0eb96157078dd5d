// The objects a request reaches from its route: an agent by id, and the object that hosts a session (its agent, or
// for a dream's progress session the dream). Every other stub is in platform/stubs.ts.
import type { Context } from "hono";
import { agentIdOfSession, dreamIdOfSession } from "../ids";
import { notFound } from "../platform/errors";
import { type AgentStub, agentOf, type DreamStub, dreamOf } from "../platform/stubs";
import type { AppEnv } from "./app-env";

export function agentStub(c: Context<AppEnv>, agentId: string): AgentStub {
  return agentOf(c.env, agentId);
}

/** What hosts a session: its agent, or for a dream's progress session the dream (which refuses every change). */
export type SessionHostStub = Pick<
  AgentStub | DreamStub,
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
