// One durable step of a session: a streamed model call whose reply is recorded once, then the session's next state.
import type Anthropic from "@anthropic-ai/sdk";
import { contentText } from "../dreaming/event-fields";
import { newEventId } from "../ids";
import { retryDelayMs, type RetryPolicy } from "../model/backoff";
import { streamModelReply } from "../model/model-client";
import { classifyModelError, type ModelFailure } from "../model/model-error";
import { type CallUsage, estimateCostMicros } from "../model/pricing";
import type { Agent } from "../schemas/agent";
import type { SessionEvent } from "../schemas/session-event";
import { readEvents } from "./event-log";
import type { PreviewFrame } from "./live-stream";
import { type Append, markIdle, markRescheduled, markRunning, markTerminated } from "./session-status";
import { isMemoryTool, type ToolOutcome } from "../tools/memory-tools";
import type { Json } from "../schemas/common";
import { composeModelRequest, MEMORY_LOADED } from "./model-request";
import { addSessionUsage, findSession, type SessionRow } from "./session-store";
import { awaitsAgent, buildMessages, pendingBuiltinToolUses } from "./transcript";

/** What a step needs from the object that owns the session. */
export interface StepHost {
  readonly sql: SqlStorage;
  agentAt(version: number): Agent;
  modelClient(): Anthropic;
  readonly retryPolicy: RetryPolicy;
  /** Runs `write` in one transaction and then publishes the events it appended to live readers. */
  record(sessionId: string, write: (append: Append) => void): SessionEvent[];
  preview(sessionId: string, frame: PreviewFrame): void;
  scheduleStep(sessionId: string, dueAt: number): Promise<void>;
  /** Moves queued user messages into the transcript; returns how many it moved. */
  deliverInbox(sessionId: string, append: Append): number;
  /** Whether the session has memory stores attached (and so memory tools and a memory block). */
  hasMemory(sessionId: string): boolean;
  /** Reads the attached stores for the task and returns the fields of the `lucid.memory_loaded` event. */
  loadMemory(sessionId: string, task: string): Promise<Record<string, unknown>>;
  runBuiltinTool(sessionId: string, toolUse: SessionEvent): Promise<ToolOutcome>;
  /** Called when a turn ends: the moment to reflect on what the session learned. */
  turnEnded(sessionId: string): Promise<void>;
}

const readTranscript = (host: StepHost, sessionId: string) => readEvents(host.sql, sessionId).map((stored) => stored.event);

/** The task a session's memory is searched for: the text of its first user message. */
const firstUserText = (events: readonly SessionEvent[]) => contentText(events.find((event) => event.type === "user.message")?.content).slice(0, 2_000);

/**
 * Before a model call: memory is loaded once, at the session's first step, and built-in tool calls recorded by an
 * earlier step that died before running them are run now, each once (their writes carry the call's id).
 */
async function prepareStep(host: StepHost, started: SessionRow): Promise<boolean> {
  const sessionId = started.id;
  const events = readTranscript(host, sessionId);
  if (host.hasMemory(sessionId) && !events.some((event) => event.type === MEMORY_LOADED)) {
    const fields = await host.loadMemory(sessionId, firstUserText(events));
    if (!stillWanted(host, started)) return false;
    host.record(sessionId, (append) => append(MEMORY_LOADED, fields));
  }
  for (const toolUse of pendingBuiltinToolUses(events)) {
    const outcome = await host.runBuiltinTool(sessionId, toolUse);
    if (!stillWanted(host, started)) return false;
    host.record(sessionId, (append) =>
      append("agent.tool_result", { tool_use_id: toolUse.id, content: [{ type: "text", text: outcome.content }], is_error: outcome.is_error }),
    );
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
  if (!(await prepareStep(host, row))) return;

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
      markIdle(host.sql, append, sessionId, { type: "end_turn" });
      return;
    }
    if (!startId) startId = append("span.model_request_start").id;
  });
  if (!startId) return;

  const agent = host.agentAt(row.agent_version);
  const request = composeModelRequest(agent, sessionId, transcript, host.hasMemory(sessionId));
  const messageId = newEventId();
  let announced = false;
  try {
    const reply = await streamModelReply(
      host.modelClient(),
      request,
      signal,
      {
        onTextStart: () => {
          if (announced) return;
          announced = true;
          host.preview(sessionId, { type: "event_start", event: { id: messageId, type: "agent.message" } });
        },
        onTextDelta: (index, text) =>
          host.preview(sessionId, { type: "event_delta", event_id: messageId, delta: { type: "content_delta", index, content: { type: "text", text } } }),
      },
    );
    if (!stillWanted(host, row)) return;
    await recordReply(host, sessionId, agent, startId, messageId, reply);
  } catch (error) {
    const failure = classifyModelError(error);
    if (failure.kind === "aborted" || !stillWanted(host, row)) return;
    await recordFailure(host, row, startId, failure);
  }
}

/** An interrupt (or deletion) while the model was answering makes the reply unwanted. */
function stillWanted(host: StepHost, started: SessionRow): boolean {
  const now = findSession(host.sql, started.id);
  return !!now && now.run_generation === started.run_generation && (now.status === "running" || now.status === "rescheduling");
}

function usageOf(reply: Anthropic.Message): CallUsage {
  return {
    input_tokens: reply.usage.input_tokens,
    output_tokens: reply.usage.output_tokens,
    cache_read_input_tokens: reply.usage.cache_read_input_tokens ?? 0,
    cache_creation_input_tokens: reply.usage.cache_creation_input_tokens ?? 0,
  };
}

async function recordReply(host: StepHost, sessionId: string, agent: Agent, startId: string, messageId: string, reply: Anthropic.Message): Promise<void> {
  const usage = usageOf(reply);
  host.record(sessionId, (append) => {
    host.sql.exec("UPDATE sessions SET retry_attempt = 0 WHERE id = ?", sessionId);
    append("span.model_request_end", { model_request_start_id: startId, is_error: false, model_usage: usage });
    addSessionUsage(host.sql, sessionId, usage, estimateCostMicros(agent.model.id, usage));
    const text = reply.content.flatMap((block) => (block.type === "text" && block.text ? [{ type: "text" as const, text: block.text }] : []));
    if (text.length) append("agent.message", { content: text }, messageId);
    const customToolNames = new Set(agent.tools.map((tool) => tool.name));
    const builtin = (name: string) => isMemoryTool(name) && host.hasMemory(sessionId) && !customToolNames.has(name);
    const calls = reply.content.flatMap((block) => (block.type === "tool_use" ? [block] : []));
    // Built-in tools run on Lucid (the next step runs them and continues); the client answers the rest.
    const forClient = calls
      .map((call) => append(builtin(call.name) ? "agent.tool_use" : "agent.custom_tool_use", { name: call.name, input: (call.input ?? {}) as Json }))
      .filter((event) => event.type === "agent.custom_tool_use");
    if (forClient.length) {
      markIdle(host.sql, append, sessionId, { type: "requires_action", event_ids: forClient.map((event) => event.id) });
      return;
    }
    if (calls.length) return;
    // Messages that arrived while the model was answering are answered by another step.
    if (host.deliverInbox(sessionId, append) === 0) markIdle(host.sql, append, sessionId, { type: "end_turn" });
  });
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
      model_usage: { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
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
