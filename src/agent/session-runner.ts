// One durable step of a session: a streamed model call whose reply is recorded once, then the session's next state.
import type Anthropic from "@anthropic-ai/sdk";
import { contentText } from "../transcript/event-fields";
import { SimulatedCrash } from "../faults/crash-points";
import { newEventId } from "../ids";
import { retryDelayMs } from "../model/backoff";
import { NO_CALL_USAGE } from "../model/call-usage";
import { streamModelReply } from "../model/model-client";
import { classifyModelError, type ModelFailure } from "../model/model-error";
import { estimateCostMicros } from "../model/pricing";
import type { Agent } from "../schemas/agent";
import type { SessionEvent } from "../schemas/session-event";
import { markIdle, markRescheduled, markRunning, markTerminated } from "./session-status";
import type { OfferedMcpTool } from "../tools/mcp-tools";
import { BUILTIN_TOOLS } from "../tools/registry";
import type { Json } from "../schemas/common";
import { composeModelRequest, MEMORY_LOADED } from "./model-request";
import { addSessionUsage, findSession, type SessionRow } from "./session-store";
import { readTranscript, type StepHost, stillWanted, usageOf } from "./step-host";
import { runGradingStep } from "../outcomes/grading-step";
import { beginEvaluation } from "../outcomes/outcome-flow";
import { openOutcome } from "../outcomes/outcome-store";
import { awaitsAgent, buildMessages, pendingRunnableToolUses } from "./transcript";

/** The task a session's memory is searched for: its first user message, or the outcome it was started with. */
function firstTaskText(events: readonly SessionEvent[]): string {
  const first = events.find((event) => event.type === "user.message" || event.type === "user.define_outcome");
  const text = first?.type === "user.define_outcome" ? first.description : contentText(first?.content);
  return text.slice(0, 2_000);
}

/**
 * Before a model call: memory is loaded once, at the session's first step, and built-in tool calls recorded by an
 * earlier step that died before running them are run now, each once (their writes carry the call's id). An interrupt
 * aborts `signal`: the tool running stops early and nothing is recorded for it (the transcript answers it as interrupted).
 */
async function prepareStep(host: StepHost, started: SessionRow, signal: AbortSignal): Promise<boolean> {
  const sessionId = started.id;
  const events = readTranscript(host, sessionId);
  if (host.hasMemory(sessionId) && !events.some((event) => event.type === MEMORY_LOADED)) {
    const fields = await host.loadMemory(sessionId, firstTaskText(events));
    if (!stillWanted(host, started)) return false;
    host.record(sessionId, (append) => append(MEMORY_LOADED, fields));
  }
  // The agent's MCP servers are listed first, so their recorded calls find their tools and the model is offered them.
  await host.listMcpTools(sessionId, signal);
  if (!stillWanted(host, started)) return false;
  for (const toolUse of pendingRunnableToolUses(events)) {
    const outcome = await host.runBuiltinTool(sessionId, toolUse, signal);
    if (!stillWanted(host, started)) return false;
    // A deferred result (a coordinator waiting for its threads): the session stays running with no step scheduled
    // until the orchestrator records the result and schedules the next one.
    if (outcome.deferred) return false;
    await host.crashPoint("session.tool_executed");
    const content = [{ type: "text" as const, text: outcome.content }];
    host.record(sessionId, (append) =>
      toolUse.type === "agent.mcp_tool_use"
        ? append("agent.mcp_tool_result", { mcp_tool_use_id: toolUse.id, content, is_error: outcome.is_error })
        : append("agent.tool_result", { tool_use_id: toolUse.id, content, is_error: outcome.is_error }),
    );
    await host.crashPoint("session.tool_recorded");
  }
  return true;
}

/**
 * Runs the next step of a running session. Safe to run again after a crash: a reply already recorded is
 * never requested again (the transcript then ends with it), and an unfinished request span is reused.
 */
export async function runSessionStep(host: StepHost, sessionId: string, signal: AbortSignal): Promise<void> {
  const row = findSession(host.sql, sessionId);
  if (!row || (row.status !== "running" && row.status !== "rescheduling")) return;
  const outcome = openOutcome(host.sql, sessionId);
  if (outcome?.result === "evaluating") return runGradingStep(host, row, outcome, signal);
  if (!(await prepareStep(host, row, signal))) return;

  let startId = "";
  // The transcript as the model will see it; read once, inside the transaction that decides the step runs.
  let transcript: SessionEvent[] = [];
  host.record(sessionId, (append) => {
    if (row.status === "rescheduling") markRunning(host.sql, append, sessionId);
    host.deliverInbox(sessionId, append);
    const events = readTranscript(host, sessionId);
    transcript = events;
    const last = events[events.length - 1];
    startId = last?.type === "span.model_request_start" ? last.id : "";
    if (!awaitsAgent(buildMessages(events))) {
      if (!beginEvaluation(host.sql, append, sessionId)) markIdle(host.sql, append, sessionId, { type: "end_turn" });
      return;
    }
    if (!startId) startId = append("span.model_request_start").id;
  });
  if (startId) await host.crashPoint("session.request_started");
  if (!startId) {
    // The turn had already ended; if grading began, the grader's step comes next.
    if (findSession(host.sql, sessionId)?.status === "running") await host.scheduleStep(sessionId, Date.now());
    return;
  }

  const tools = await host.toolContext(sessionId);
  const builtinTools = BUILTIN_TOOLS.definitions(tools);
  const request = composeModelRequest(tools.agent, sessionId, transcript, builtinTools, tools.roster);
  const messageId = newEventId();
  let announced = false;
  try {
    const reply = await streamModelReply(host.modelClient(), request, signal, {
      onTextStart: () => {
        if (announced) return;
        announced = true;
        host.preview(sessionId, { type: "event_start", event: { id: messageId, type: "agent.message" } });
      },
      onTextDelta: (index, text) =>
        host.preview(sessionId, { type: "event_delta", event_id: messageId, delta: { type: "content_delta", index, content: { type: "text", text } } }),
    });
    if (!stillWanted(host, row)) return;
    await host.crashPoint("session.reply_received");
    const offered: OfferedBuiltins = {
      names: new Set(builtinTools.map((tool) => tool.name)),
      permission: (name: string) => BUILTIN_TOOLS.permission(name, tools),
      mcpTool: (name: string) => tools.mcpTools.find((tool) => tool.offered_name === name),
    };
    await recordReply(host, sessionId, tools.agent, offered, startId, messageId, reply);
  } catch (error) {
    if (error instanceof SimulatedCrash) throw error;
    const failure = classifyModelError(error);
    if (failure.kind === "aborted" || !stillWanted(host, row)) return;
    await recordFailure(host, row, startId, failure);
  }
}

/** The built-in tools a step offered, what each one's permission policy lets a call do, and which are MCP tools. */
interface OfferedBuiltins {
  names: ReadonlySet<string>;
  permission(name: string): "allow" | "ask";
  mcpTool(name: string): OfferedMcpTool | undefined;
}

/**
 * `offered`: the built-in tools the session was offered; a call of any other name, or of a custom tool, is the
 * client's. The session waits for its client (`requires_action`) on custom calls and on calls held for confirmation.
 */
async function recordReply(
  host: StepHost,
  sessionId: string,
  agent: Agent,
  offered: OfferedBuiltins,
  startId: string,
  messageId: string,
  reply: Anthropic.Message,
): Promise<void> {
  const usage = usageOf(reply);
  host.record(sessionId, (append) => {
    host.sql.exec("UPDATE sessions SET retry_attempt = 0 WHERE id = ?", sessionId);
    append("span.model_request_end", { model_request_start_id: startId, is_error: false, model_usage: usage });
    addSessionUsage(host.sql, sessionId, usage, estimateCostMicros(agent.model.id, usage));
    const text = reply.content.flatMap((block) => (block.type === "text" && block.text ? [{ type: "text" as const, text: block.text }] : []));
    if (text.length) append("agent.message", { content: text }, messageId);
    const customToolNames = new Set(agent.tools.flatMap((tool) => (tool.type === "custom" ? [tool.name] : [])));
    const builtin = (name: string) => offered.names.has(name) && !customToolNames.has(name);
    const calls = reply.content.flatMap((block) => (block.type === "tool_use" ? [block] : []));
    // Built-in tools run on Lucid or its worker (the next step hands them over); the client answers the rest, and
    // confirms or denies a built-in call its permission policy holds.
    const forClient = calls.flatMap((call): SessionEvent[] => {
      const input = (call.input ?? {}) as Record<string, Json>;
      if (!builtin(call.name)) return [append("agent.custom_tool_use", { name: call.name, input })];
      const permission = offered.permission(call.name);
      const mcp = offered.mcpTool(call.name);
      const event = mcp
        ? append("agent.mcp_tool_use", { name: mcp.tool.name, input, mcp_server_name: mcp.server.name, evaluated_permission: permission })
        : append("agent.tool_use", { name: call.name, input, evaluated_permission: permission });
      return permission === "ask" ? [event] : [];
    });
    if (forClient.length) {
      markIdle(host.sql, append, sessionId, { type: "requires_action", event_ids: forClient.map((event) => event.id) });
      return;
    }
    if (calls.length) return;
    // Messages that arrived while the model was answering are answered by another step.
    // At the end of its turn an agent working toward an outcome is graded before the session goes idle.
    if (host.deliverInbox(sessionId, append) === 0 && !beginEvaluation(host.sql, append, sessionId))
      markIdle(host.sql, append, sessionId, { type: "end_turn" });
  });
  await host.crashPoint("session.reply_recorded");
  const status = findSession(host.sql, sessionId)?.status;
  if (status === "running") await host.scheduleStep(sessionId, Date.now());
  else if (status === "idle") await host.turnEnded(sessionId);
}

async function recordFailure(host: StepHost, row: SessionRow, startId: string, failure: Exclude<ModelFailure, { kind: "aborted" }>): Promise<void> {
  const attempt = (findSession(host.sql, row.id)?.retry_attempt ?? 0) + 1;
  const retry = failure.kind === "retryable" && attempt < host.retryPolicy.maxAttempts;
  const retryStatus = retry ? "retrying" : failure.kind === "retryable" ? "exhausted" : "terminal";
  host.record(row.id, (append) => {
    append("span.model_request_end", {
      model_request_start_id: startId,
      is_error: true,
      model_usage: NO_CALL_USAGE,
    });
    append("session.error", { error: { type: failure.type, message: failure.message, retry_status: { type: retryStatus } } });
    if (retry) {
      markRescheduled(host.sql, append, row.id);
      host.sql.exec("UPDATE sessions SET retry_attempt = ? WHERE id = ?", attempt, row.id);
    } else if (failure.kind === "retryable") {
      markIdle(host.sql, append, row.id, { type: "retries_exhausted" });
    } else {
      markTerminated(host.sql, append, row.id);
    }
  });
  if (retry) {
    const retryAfterMs = failure.kind === "retryable" ? failure.retryAfterMs : null;
    await host.scheduleStep(row.id, Date.now() + retryDelayMs(host.retryPolicy, attempt, retryAfterMs));
  }
}
