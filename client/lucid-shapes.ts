// The SDK hands back the API's JSON objects untouched, so an SDK agent, dream, session or memory also carries Lucid's
// extension fields: these name what the server actually sent, with the types of its zod schemas.
import type Anthropic from "@anthropic-ai/sdk";
import type { Agent, Dream } from "./api-types";
import type { Memory } from "../src/schemas/memory";
import type { Session } from "../src/schemas/session";

/** Lucid's agent shape (src/schemas/agent.ts) for an agent the SDK returned. */
export function lucidAgent(agent: Anthropic.Beta.BetaManagedAgentsAgent): Agent {
  return agent as unknown as Agent;
}

/** Lucid's dream shape (src/schemas/dream-resource.ts) for a dream the SDK returned. */
export function lucidDream(dream: Anthropic.Beta.BetaDream): Dream {
  return dream as unknown as Dream;
}

/** Lucid's session shape (src/schemas/session.ts: `stop_reason`, `grader_usage`) for a session the SDK returned. */
export function lucidSession(session: Anthropic.Beta.Sessions.BetaManagedAgentsSession): Session {
  return session as unknown as Session;
}

/** Lucid's memory shape (src/schemas/memory.ts: the `lucid` metadata) for a memory the SDK returned. */
export function lucidMemory(memory: Anthropic.Beta.MemoryStores.BetaManagedAgentsMemory): Memory {
  return memory as unknown as Memory;
}
