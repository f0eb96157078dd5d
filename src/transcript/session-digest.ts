// Digests a session's transcript for dreaming, deterministically: task, corrections, tool calls, errors, retries, recoveries, final reply, end, outcome grades.
import type { Json } from "../schemas/common";
import type { DigestCorrection, DigestError, DigestOutcomeGrade, DigestRecovery, DigestToolCall, SessionDigest } from "../schemas/dream";
import { eventTypes, isEventOf, type SessionEvent, type SessionEventOf } from "../schemas/recorded-events";
import { truncateText } from "./bounded-text";
import { correctionCues } from "./correction-cues";
import { errorSignature } from "./error-signature";
import { contentText } from "./event-fields";
import { describeInputChange } from "./input-change";

/** Bounds on every list and text, so one long session cannot crowd others out of a review batch. */
const LIMITS = {
  task: 2_000,
  correction: 500,
  corrections: 20,
  toolCalls: 60,
  toolInput: 300,
  toolResult: 300,
  errorMessage: 300,
  errors: 30,
  recoveries: 20,
  failedEventIds: 6,
  finalReply: 1_500,
  outcomeGrades: 10,
  criterion: 300,
};

const TOOL_USE_TYPES = eventTypes("agent.tool_use", "agent.mcp_tool_use", "agent.custom_tool_use");
const AGENT_ACTION_TYPES = eventTypes("agent.message", ...TOOL_USE_TYPES);
const STATUS_TYPES = eventTypes("session.status_idle", "session.status_terminated", "session.status_running", "session.status_rescheduled");

type ToolUse = SessionEventOf<(typeof TOOL_USE_TYPES)[number]>;
type ToolResult = SessionEventOf<"agent.tool_result" | "agent.mcp_tool_result" | "user.custom_tool_result">;

interface ToolCall {
  tool: string;
  builtin: boolean;
  use: ToolUse;
  result: ToolResult | undefined;
  outcome: DigestToolCall["outcome"];
  resultText: string;
}

/**
 * What the events say about the session, and nothing more: every entry names the events it comes from. A thread of a
 * multiagent session has `origin: "thread"`: its user messages are a coordinator agent's, which source trust counts as untrusted.
 */
export function digestSession(sessionId: string, events: readonly SessionEvent[], origin: SessionDigest["origin"] = "user"): SessionDigest {
  const calls = toolCallsOf(events);
  const userMessages = userMessagesOf(events);
  const first = userMessages[0];
  const finalReply = events.filter((event) => event.type === "agent.message").findLast((event) => contentText(event.content) !== "");
  return {
    session_id: sessionId,
    task: first ? { event_id: first.event.id, text: truncateText(first.text, LIMITS.task) } : null,
    corrections: correctionsOf(userMessages.slice(1)),
    tool_calls: calls.slice(0, LIMITS.toolCalls).map(summariseCall),
    omitted_tool_calls: Math.max(0, calls.length - LIMITS.toolCalls),
    errors: [...toolErrorsOf(calls), ...sessionErrorsOf(events)].slice(0, LIMITS.errors),
    recoveries: recoveriesOf(calls).slice(0, LIMITS.recoveries),
    retries: {
      model_calls: events.filter(
        (event) => event.type === "session.error" && !("mcp_server_name" in event.error) && event.error.retry_status.type === "retrying",
      ).length,
      tool_calls: calls.filter((_, index) => previousCallOfTool(calls, index)?.outcome === "error").length,
    },
    final_reply: finalReply ? { event_id: finalReply.id, text: truncateText(contentText(finalReply.content), LIMITS.finalReply) } : null,
    end: endOf(events),
    step_count: events.filter((event) => event.type === "span.model_request_start").length,
    outcome_grades: outcomeGradesOf(events).slice(0, LIMITS.outcomeGrades),
    origin,
  };
}

/** The event ids a digest shows, so evidence citing anything else can be refused. */
export function digestEventIds(digest: SessionDigest): Set<string> {
  return new Set([
    ...(digest.task ? [digest.task.event_id] : []),
    ...digest.corrections.map((correction) => correction.event_id),
    ...digest.tool_calls.flatMap((call) => [call.use_event_id, ...(call.result_event_id ? [call.result_event_id] : [])]),
    ...digest.errors.flatMap((error) => error.event_ids),
    ...digest.recoveries.flatMap((recovery) => [...recovery.failed_event_ids, ...recovery.succeeded_event_ids]),
    ...(digest.final_reply ? [digest.final_reply.event_id] : []),
    ...(digest.end.event_id ? [digest.end.event_id] : []),
    ...digest.outcome_grades.map((grade) => grade.event_id),
  ]);
}

/** The events of a digest that are the user's own words (the task and the corrections). */
export function digestUserEventIds(digest: SessionDigest): Set<string> {
  return new Set([...(digest.task ? [digest.task.event_id] : []), ...digest.corrections.map((correction) => correction.event_id)]);
}

function toolCallsOf(events: readonly SessionEvent[]): ToolCall[] {
  const results = new Map<string, ToolResult>();
  for (const event of events) {
    if (event.type === "agent.tool_result") results.set(event.tool_use_id, event);
    if (event.type === "user.custom_tool_result") results.set(event.custom_tool_use_id, event);
    if (event.type === "agent.mcp_tool_result") results.set(event.mcp_tool_use_id, event);
  }
  return events.flatMap((use) => {
    if (!isEventOf(use, TOOL_USE_TYPES)) return [];
    const result = results.get(use.id);
    const outcome = !result ? "no_result" : result.is_error ? "error" : "ok";
    // An MCP tool is named with its server (`cases/lookup_case`): a dream learns which system a failure came from.
    const tool = use.type === "agent.mcp_tool_use" ? `${use.mcp_server_name}/${use.name}` : use.name;
    return [{ tool, builtin: use.type === "agent.tool_use", use, result, outcome, resultText: contentText(result?.content) }];
  });
}

function summariseCall(call: ToolCall): DigestToolCall {
  return {
    tool: call.tool,
    builtin: call.builtin,
    use_event_id: call.use.id,
    result_event_id: call.result?.id ?? null,
    input: truncateText(JSON.stringify(call.use.input), LIMITS.toolInput),
    outcome: call.outcome,
    result: truncateText(call.resultText, LIMITS.toolResult),
  };
}

function previousCallOfTool(calls: readonly ToolCall[], index: number): ToolCall | undefined {
  const tool = calls[index]?.tool;
  return calls.slice(0, index).findLast((call) => call.tool === tool);
}

function toolErrorsOf(calls: readonly ToolCall[]): DigestError[] {
  return calls.flatMap((call, index) => {
    if (call.outcome !== "error" || !call.result) return [];
    return [
      {
        source: "tool" as const,
        tool: call.tool,
        event_ids: [call.use.id, call.result.id],
        signature: errorSignature(call.tool, call.resultText),
        message: truncateText(call.resultText, LIMITS.errorMessage),
        retry_status: null,
        resolved: calls.slice(index + 1).some((later) => later.tool === call.tool && later.outcome === "ok"),
      },
    ];
  });
}

function sessionErrorsOf(events: readonly SessionEvent[]): DigestError[] {
  return events.flatMap((event, index) => {
    if (event.type !== "session.error") return [];
    const { type, message } = event.error;
    // An MCP server's failure carries text the server chose (its error answer): it is the server's word, a tool's,
    // never Lucid's own record, so the poisoning screen counts it as untrusted.
    const server = "mcp_server_name" in event.error ? event.error.mcp_server_name : null;
    return [
      {
        source: server === null ? ("session" as const) : ("tool" as const),
        tool: server,
        event_ids: [event.id],
        signature: errorSignature(type, message),
        message: truncateText(message, LIMITS.errorMessage),
        retry_status: event.error.retry_status.type,
        resolved: events.slice(index + 1).some((later) => isEventOf(later, AGENT_ACTION_TYPES)),
      },
    ];
  });
}

/**
 * Each success of a tool closes the failures of that tool since its previous success: one recovery per error signature
 * among them, whose input change compares the last failure of that signature with the success.
 */
function recoveriesOf(calls: readonly ToolCall[]): DigestRecovery[] {
  const pending = new Map<string, ToolCall[]>();
  const recoveries: DigestRecovery[] = [];
  for (const call of calls) {
    if (call.outcome === "error") pending.set(call.tool, [...(pending.get(call.tool) ?? []), call]);
    if (call.outcome !== "ok") continue;
    const failures = pending.get(call.tool) ?? [];
    pending.delete(call.tool);
    for (const [signature, group] of groupBySignature(failures)) recoveries.push(recovery(signature, group, call));
  }
  return recoveries;
}

function groupBySignature(failures: readonly ToolCall[]): Map<string, ToolCall[]> {
  const groups = new Map<string, ToolCall[]>();
  for (const failure of failures) {
    const signature = errorSignature(failure.tool, failure.resultText);
    groups.set(signature, [...(groups.get(signature) ?? []), failure]);
  }
  return groups;
}

function recovery(signature: string, failures: readonly ToolCall[], success: ToolCall): DigestRecovery {
  const last = failures[failures.length - 1] as ToolCall;
  const failedEventIds = failures.flatMap((failure) => [failure.use.id, ...(failure.result ? [failure.result.id] : [])]);
  return {
    tool: success.tool,
    error_signature: signature,
    error: truncateText(last.resultText, LIMITS.errorMessage),
    failed_attempts: failures.length,
    failed_event_ids: failedEventIds.slice(-LIMITS.failedEventIds),
    succeeded_event_ids: [success.use.id, ...(success.result ? [success.result.id] : [])],
    input_change: describeInputChange(inputOf(last), inputOf(success)),
  };
}

const inputOf = (call: ToolCall): Json => call.use.input;

interface UserMessage {
  event: SessionEventOf<"user.message">;
  text: string;
  afterInterrupt: boolean;
}

function userMessagesOf(events: readonly SessionEvent[]): UserMessage[] {
  const messages: UserMessage[] = [];
  let interrupted = false;
  for (const event of events) {
    if (event.type === "user.interrupt") interrupted = true;
    if (event.type !== "user.message") continue;
    messages.push({ event, text: contentText(event.content), afterInterrupt: interrupted });
    interrupted = false;
  }
  return messages;
}

function correctionsOf(messages: readonly UserMessage[]): DigestCorrection[] {
  return messages
    .flatMap((message) => {
      const cues = correctionCues(message.text, message.afterInterrupt);
      return cues.length ? [{ event_id: message.event.id, text: truncateText(message.text, LIMITS.correction), cues }] : [];
    })
    .slice(0, LIMITS.corrections);
}

/** The last status event decides: idle (with its stop reason), terminated, or unfinished when the session ran on. */
function endOf(events: readonly SessionEvent[]): SessionDigest["end"] {
  const last = events.findLast((event) => isEventOf(event, STATUS_TYPES));
  if (last?.type === "session.status_idle") return { state: "idle", stop_reason: last.stop_reason.type, event_id: last.id };
  if (last?.type === "session.status_terminated") return { state: "terminated", stop_reason: null, event_id: last.id };
  return { state: "unfinished", stop_reason: null, event_id: null };
}

/** Each grader verdict with the criteria it found unmet: what the rubric expects that the work first lacked. */
function outcomeGradesOf(events: readonly SessionEvent[]): DigestOutcomeGrade[] {
  return events
    .filter((event) => event.type === "span.outcome_evaluation_end")
    .map((event) => ({
      event_id: event.id,
      iteration: event.iteration,
      result: event.result,
      unmet: event.criteria.filter((criterion) => !criterion.met).map((criterion) => truncateText(criterion.criterion, LIMITS.criterion)),
    }));
}
