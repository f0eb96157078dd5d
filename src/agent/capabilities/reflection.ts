// Reflection: once a session's turn has ended and it has stayed idle a while, it writes what it learned into its
// memory (src/agent/session-reflection.ts). A session that starts running again puts its reflection off.
import { createModelClient } from "../../model/model-client";
import { memoryStoreOf } from "../../platform/stubs";
import { cancelWork } from "../../schedule/work-schedule";
import type { AgentCapability, AgentCore } from "../agent-core";
import { syncSessionListing } from "../agent-listings";
import { type ReflectionHost, reflectOnSession } from "../session-reflection";
import { requireSession, sessionResources } from "../session-store";

export function sessionReflection(core: AgentCore) {
  /** How long a session stays idle before it reflects, so a conversation in full flow is not interrupted by one. */
  const delayMs = Number(core.env.LUCID_REFLECTION_DELAY_MS ?? 60_000);

  const host: ReflectionHost = {
    sql: core.sql,
    memoryStore: (storeId) => memoryStoreOf(core.env, storeId),
    tenantId: () => core.tenantId(),
    agentAt: (version) => core.agentAt(version),
    modelClient: () => createModelClient(core.env),
    record: (sessionId, write) => core.record(sessionId, write),
  };

  return {
    work: {
      session_reflection: async (work) => {
        try {
          await reflectOnSession(host, work.ref);
        } finally {
          await syncSessionListing(core, work.ref).catch(() => undefined);
        }
      },
    },
    async turnEnded(sessionId) {
      const row = requireSession(core.sql, sessionId);
      if (!core.agentAt(row.agent_version).memory.reflection || sessionResources(row).length === 0) return;
      await core.schedule("session_reflection", sessionId, Date.now() + delayMs);
    },
    hooks: [
      {
        types: ["session.status_running"],
        inTransaction: (sessionId) => {
          cancelWork(core.sql, "session_reflection", sessionId);
          return undefined;
        },
      },
    ],
  } satisfies AgentCapability;
}
