// The agent's dreams: starting one on request or on its cadence (the one `agent_dream` row of the schedule), and the
// transcripts a dream reads.
import { conflict, invalidRequest } from "../../platform/errors";
import { dreamOf } from "../../platform/stubs";
import { newDreamId } from "../../ids";
import type { Dream } from "../../schemas/dream-resource";
import type { SessionEvent } from "../../schemas/session-event";
import { cancelWork } from "../../schedule/work-schedule";
import { readEvents } from "../../transcript/event-log";
import type { AgentCore } from "../agent-core";
import { planDream, readDreamState, recordDreamSkipped, recordDreamStarted, recordNextDream, unfinishedDreamReason } from "../agent-dreams";
import { syncAgentListing } from "../agent-listings";
import { findAgentRow } from "../agent-versions";
import { nextDreamAt } from "../dream-cadence";
import { currentMemoryStore } from "../memory-pointer";
import { requireSession } from "../session-store";

type Trigger = "request" | "schedule";

export function agentDreams(core: AgentCore) {
  /** Dream starts of this instance, one after another: two at once would both find no dream running and both start one. */
  let starts: Promise<unknown> = Promise.resolve();

  const startDream = (tenantId: string, agentId: string, trigger: Trigger): Promise<Dream | null> => {
    const started = starts.then(() => startDreamAlone(tenantId, agentId, trigger));
    starts = started.catch(() => undefined);
    return started;
  };

  const startDreamAlone = async (tenantId: string, agentId: string, trigger: Trigger): Promise<Dream | null> => {
    core.requireAgent(tenantId, agentId);
    const lastId = readDreamState(core.sql).last_dream_id;
    const unfinished = lastId ? unfinishedDreamReason(await dreamOf(core.env, lastId).getDream(tenantId, lastId)) : null;
    if (unfinished) {
      recordDreamSkipped(core.sql, unfinished);
      await syncAgentListing(core);
      if (trigger === "request") throw conflict(unfinished);
      return null;
    }
    const agent = core.agentAt(core.agentRow().version);
    const plan = planDream(core.sql, currentMemoryStore(core.sql));
    if ("skipped" in plan) {
      recordDreamSkipped(core.sql, plan.skipped);
      await syncAgentListing(core);
      if (trigger === "request") throw invalidRequest(`${plan.skipped} There is nothing new to dream about.`);
      return null;
    }
    const dreamId = newDreamId();
    const dream = await dreamOf(core.env, dreamId).createDream(tenantId, {
      id: dreamId,
      agent_id: agentId,
      mode: agent.dreaming.mode,
      request: {
        inputs: [
          { type: "memory_store", memory_store_id: plan.storeId },
          { type: "sessions", session_ids: plan.sessionIds },
        ],
        model: { id: agent.dreaming.model ?? agent.model.id },
        instructions: agent.dreaming.instructions,
        output_behavior: { type: "create_new" },
        token_budget: agent.dreaming.token_budget,
      },
    });
    recordDreamStarted(core.sql, dreamId, plan.throughSeq);
    await syncAgentListing(core);
    return dream;
  };

  /** Keeps the one `agent_dream` row of the schedule in step with the agent's dreaming settings. */
  const scheduleNextDream = async (): Promise<void> => {
    const row = findAgentRow(core.sql);
    if (!row) return;
    const { dreaming } = core.agentAt(row.version);
    const next = !row.archived_at && dreaming.enabled && dreaming.schedule ? nextDreamAt(dreaming.schedule, Date.now()) : null;
    recordNextDream(core.sql, next);
    if (next === null) {
      cancelWork(core.sql, "agent_dream", row.id);
      await core.armAlarm();
    } else {
      await core.schedule("agent_dream", row.id, next);
    }
  };

  const rpc = {
    /**
     * Starts a dream over the agent's current store and the sessions that finished work since its last dream. With
     * nothing new, or while its previous dream has not ended, it is skipped at no cost, and the reason is kept (shown
     * on the agent); a requested dream then fails.
     */
    startDream,

    /** Whole transcripts of some of this agent's sessions, for a dream to read; a multiagent thread's origin says a coordinator wrote its user messages. */
    exportTranscripts(tenantId: string, agentId: string, sessionIds: string[]): { session_id: string; events: SessionEvent[]; origin: "user" | "thread" }[] {
      core.requireAgent(tenantId, agentId);
      return sessionIds.map((sessionId) => ({
        session_id: sessionId,
        events: readEvents(core.sql, sessionId).map((stored) => stored.event),
        origin: requireSession(core.sql, sessionId).coordinator_session_id ? "thread" : "user",
      }));
    },
  };

  return {
    rpc,
    work: {
      agent_dream: async () => {
        const row = findAgentRow(core.sql);
        if (!row) return;
        await startDream(row.tenant_id, row.id, "schedule");
        await scheduleNextDream();
      },
    },
    agentChanged: scheduleNextDream,
  };
}
