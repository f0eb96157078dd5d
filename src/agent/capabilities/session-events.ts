// What clients send into a session (`POST /v1/sessions/{id}/events`): messages (queued while the agent works),
// interrupts, custom tool results and outcomes, each accepted or refused in one transaction with what it starts.
import { echoed, invalidRequest } from "../../platform/errors";
import { environmentOf, orchestratorOf } from "../../platform/stubs";
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
import { isWorkerToolName } from "../../schemas/agent-toolset";
import { blockingEventIds, pendingBuiltinToolUses, pendingCustomToolUses, unconfirmedToolUses } from "../transcript";

type CustomToolResult = Extract<EventParam, { type: "user.custom_tool_result" }>;
type ToolConfirmation = Extract<EventParam, { type: "user.tool_confirmation" }>;
type ToolResult = Extract<EventParam, { type: "user.tool_result" }>;

/** What the model reads for a call the user denied. */
const deniedResult = (message: string | null | undefined) => (message ? `The user denied this tool call: ${message}` : "The user denied this tool call.");

export function sessionEvents(core: AgentCore) {
  const transcript = (sessionId: string) => readEvents(core.sql, sessionId).map((stored) => stored.event);
  const isBusy = (status: string) => status === "running" || status === "rescheduling";

  const requireNoPendingToolResults = (sessionId: string): void => {
    const events = transcript(sessionId);
    const results = pendingCustomToolUses(events);
    const confirmations = unconfirmedToolUses(events).map((event) => event.id);
    const waitingFor = [
      ...(results.length ? [`user.custom_tool_result for ${results.join(", ")}`] : []),
      ...(confirmations.length ? [`user.tool_confirmation for ${confirmations.join(", ")}`] : []),
    ];
    if (waitingFor.length) {
      throw invalidRequest(`Session '${sessionId}' is waiting for ${waitingFor.join(" and ")}; send those (or a user.interrupt) first.`);
    }
  };

  /** Once nothing is left for the client to answer, the session runs on. */
  const runOnIfUnblocked = (sessionId: string, append: Append): void => {
    if (requireSession(core.sql, sessionId).status !== "running" && blockingEventIds(transcript(sessionId)).length === 0)
      markRunning(core.sql, append, sessionId);
  };

  /** Allows or denies a call held by its permission policy; a denied call is answered with the denial, never run. */
  const acceptConfirmation = (sessionId: string, param: ToolConfirmation, append: Append): SessionEvent => {
    const held = unconfirmedToolUses(transcript(sessionId)).find((event) => event.id === param.tool_use_id);
    if (!held) {
      throw invalidRequest(
        `No agent.tool_use or agent.mcp_tool_use '${echoed(param.tool_use_id)}' is waiting for a user.tool_confirmation in session '${sessionId}'.`,
      );
    }
    const event = append("user.tool_confirmation", { tool_use_id: param.tool_use_id, result: param.result, deny_message: param.deny_message ?? null });
    if (param.result === "deny") {
      const content = [{ type: "text" as const, text: deniedResult(param.deny_message) }];
      if (held.type === "agent.mcp_tool_use") append("agent.mcp_tool_result", { mcp_tool_use_id: param.tool_use_id, content, is_error: true });
      else append("agent.tool_result", { tool_use_id: param.tool_use_id, content, is_error: true });
    }
    runOnIfUnblocked(sessionId, append);
    return event;
  };

  /** A self-hosted environment's worker answering a toolset call handed to it (accepted nowhere else). */
  const acceptToolResult = (sessionId: string, param: ToolResult, workerRuns: boolean, append: Append): SessionEvent => {
    const call = pendingBuiltinToolUses(transcript(sessionId)).find((event) => event.id === param.tool_use_id);
    if (!workerRuns || !call || !isWorkerToolName(call.name)) {
      throw invalidRequest(
        `No agent.tool_use '${echoed(param.tool_use_id)}' of a self-hosted environment's worker is waiting for a result in session '${sessionId}'.`,
      );
    }
    return append("user.tool_result", { tool_use_id: param.tool_use_id, content: param.content ?? [], is_error: param.is_error ?? false });
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

  const acceptCustomToolResult = (sessionId: string, param: CustomToolResult, append: Append): SessionEvent => {
    const waiting = pendingCustomToolUses(transcript(sessionId));
    if (!waiting.includes(param.custom_tool_use_id)) {
      throw invalidRequest(`No agent.custom_tool_use '${echoed(param.custom_tool_use_id)}' is waiting for a result in session '${sessionId}'.`);
    }
    const event = append("user.custom_tool_result", {
      custom_tool_use_id: param.custom_tool_use_id,
      content: param.content ?? [],
      is_error: param.is_error ?? false,
    });
    runOnIfUnblocked(sessionId, append);
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
      const workerRuns = params.some((param) => param.type === "user.tool_result") && (await core.toolsetHostOf(row.environment_id)) === "self_hosted";
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
          } else if (param.type === "user.tool_confirmation") {
            accepted.push(acceptConfirmation(sessionId, param, append));
          } else if (param.type === "user.tool_result") {
            accepted.push(acceptToolResult(sessionId, param, workerRuns, append));
          } else {
            accepted.push(acceptCustomToolResult(sessionId, param, append));
          }
        }
      });
      if (interrupted) core.abortWork("session_step", sessionId);
      // A self-hosted environment's worker stops working on an interrupted session (it sees the stop on its next heartbeat).
      if (interrupted && (await core.toolsetHostOf(row.environment_id)) === "self_hosted")
        await environmentOf(core.env, row.environment_id).stopSessionWork(tenantId, sessionId);
      // Interrupting a coordinator stops its threads: queued ones are canceled, running ones interrupted.
      if (interrupted && row.multiagent) await orchestratorOf(core.env, sessionId).interruptThreads();
      if (requireSession(core.sql, sessionId).status === "running") await core.schedule("session_step", sessionId, Date.now());
      await syncSessionListing(core, sessionId);
      return { data: accepted };
    },
  };
  return { rpc };
}
