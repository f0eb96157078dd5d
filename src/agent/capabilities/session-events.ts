// What clients send into a session (`POST /v1/sessions/{id}/events`): messages (queued while the agent works),
// interrupts, custom tool results and outcomes, each accepted or refused in one transaction with what it starts.
import { echoed, invalidRequest } from "../../platform/errors";
import { orchestratorOf } from "../../platform/stubs";
import { newEventId } from "../../ids";
import type { DefineOutcomeParam } from "../../schemas/outcome";
import type { ContentBlock, EventParam, SessionEvent } from "../../schemas/session-event";
import { acceptOutcome, applyDefaultOutcome, interruptEvaluation, openEvaluationStart, requireOutcomeAcceptable } from "../../outcomes/outcome-flow";
import { openOutcome } from "../../outcomes/outcome-store";
import { cancelWork } from "../../schedule/work-schedule";
import { readEvents } from "../../transcript/event-log";
import type { AgentCore } from "../agent-core";
import { syncSessionListing } from "../agent-listings";
import { deliverQueuedMessages, queueMessage } from "../inbox";
import { type Append, markIdle, markRunning } from "../session-status";
import { requireSession } from "../session-store";
import { pendingCustomToolUses } from "../transcript";

type CustomToolResult = Extract<EventParam, { type: "user.custom_tool_result" }>;

export function sessionEvents(core: AgentCore) {
  const transcript = (sessionId: string) => readEvents(core.sql, sessionId).map((stored) => stored.event);
  const isBusy = (status: string) => status === "running" || status === "rescheduling";

  const requireNoPendingToolResults = (sessionId: string): void => {
    const waiting = pendingCustomToolUses(transcript(sessionId));
    if (waiting.length) {
      throw invalidRequest(
        `Session '${sessionId}' is waiting for user.custom_tool_result for ${waiting.join(", ")}; send those results (or a user.interrupt) first.`,
      );
    }
  };

  const acceptMessage = (sessionId: string, status: string, content: ContentBlock[], append: Append): SessionEvent => {
    if (isBusy(status)) {
      const id = newEventId();
      queueMessage(core.sql, sessionId, id, content);
      return { id, type: "user.message", content, processed_at: null };
    }
    requireNoPendingToolResults(sessionId);
    const event = append("user.message", { content });
    applyDefaultOutcome(core.sql, append, sessionId, core.agentAt(requireSession(core.sql, sessionId).agent_version).outcome);
    markRunning(core.sql, append, sessionId);
    return event;
  };

  const acceptOutcomeEvent = (sessionId: string, status: string, param: DefineOutcomeParam, append: Append): SessionEvent => {
    requireOutcomeAcceptable(sessionId, status);
    requireNoPendingToolResults(sessionId);
    const event = acceptOutcome(core.sql, append, sessionId, param);
    // A message earlier in the same request may already have started the agent.
    if (requireSession(core.sql, sessionId).status !== "running") markRunning(core.sql, append, sessionId);
    return event;
  };

  const acceptToolResult = (sessionId: string, param: CustomToolResult, append: Append): SessionEvent => {
    const waiting = pendingCustomToolUses(transcript(sessionId));
    if (!waiting.includes(param.custom_tool_use_id)) {
      throw invalidRequest(`No agent.custom_tool_use '${echoed(param.custom_tool_use_id)}' is waiting for a result in session '${sessionId}'.`);
    }
    const event = append("user.custom_tool_result", {
      custom_tool_use_id: param.custom_tool_use_id,
      content: param.content ?? [],
      is_error: param.is_error ?? false,
    });
    if (waiting.length === 1) markRunning(core.sql, append, sessionId);
    return event;
  };

  /** Stops the session's work: a step in flight is abandoned, queued messages delivered, an evaluation cut short. */
  const acceptInterrupt = (sessionId: string, append: Append): SessionEvent => {
    const event = append("user.interrupt");
    core.sql.exec("UPDATE sessions SET run_generation = run_generation + 1 WHERE id = ?", sessionId);
    interruptEvaluation(core.sql, append, sessionId, openEvaluationStartId(sessionId));
    deliverQueuedMessages(core.sql, sessionId, append);
    cancelWork(core.sql, "session_step", sessionId);
    markIdle(core.sql, append, sessionId, { type: "end_turn" });
    return event;
  };

  /** The evaluation an interrupt would cut short, if the session is being graded. */
  const openEvaluationStartId = (sessionId: string): string | null => {
    const outcome = openOutcome(core.sql, sessionId);
    if (outcome?.result !== "evaluating") return null;
    return openEvaluationStart(transcript(sessionId), outcome.id)?.id ?? null;
  };

  const rpc = {
    async sendEvents(tenantId: string, agentId: string, sessionId: string, params: EventParam[]): Promise<{ data: SessionEvent[] }> {
      core.requireAgent(tenantId, agentId);
      const row = requireSession(core.sql, sessionId);
      if (row.archived_at) throw invalidRequest(`Session '${sessionId}' is archived and accepts no events.`);
      if (row.status === "terminated") throw invalidRequest(`Session '${sessionId}' is terminated and accepts no events.`);
      const accepted: SessionEvent[] = [];
      let interrupted = false;
      // Work already under way when this request came in; an outcome may join only work this request starts.
      let busy = isBusy(row.status);
      core.record(sessionId, (append) => {
        for (const param of params) {
          const status = requireSession(core.sql, sessionId).status;
          if (param.type === "user.interrupt") {
            interrupted = true;
            busy = false;
            accepted.push(acceptInterrupt(sessionId, append));
          } else if (param.type === "user.message") {
            accepted.push(acceptMessage(sessionId, status, param.content, append));
          } else if (param.type === "user.define_outcome") {
            accepted.push(acceptOutcomeEvent(sessionId, busy ? status : "idle", param, append));
          } else {
            accepted.push(acceptToolResult(sessionId, param, append));
          }
        }
      });
      if (interrupted) core.abortWork("session_step", sessionId);
      // Interrupting a coordinator stops its threads: queued ones are canceled, running ones interrupted.
      if (interrupted && row.multiagent) await orchestratorOf(core.env, sessionId).interruptThreads();
      if (requireSession(core.sql, sessionId).status === "running") await core.schedule("session_step", sessionId, Date.now());
      await syncSessionListing(core, sessionId);
      return { data: accepted };
    },
  };
  return { rpc };
}
