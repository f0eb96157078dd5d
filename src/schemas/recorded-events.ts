// The closed unions of events Lucid records, each kind with the fields Lucid writes: a session's transcript (the
// Managed Agents event shapes it uses, plus Lucid's own `lucid.*` events) and a dream's progress session, a union of
// its own (its model spans carry the dream's phase instead of the SDK's span pairing). The types are inferred from
// these schemas; test/transcript/recorded-events-sdk.test.ts holds every SDK kind here to the SDK's type of it.
import { z } from "zod";
import { Json } from "./common";
import { MessageContent, TextContent, ToolResultContent } from "./content-blocks";
import { MAX_JSON_BODY_BYTES } from "./limits";
import { DefineOutcomeParam, EvaluationVerdict, MAX_ITERATIONS_LIMIT, TextRubric } from "./outcome";

/** An event kind: its id and the time it was recorded, then the kind's own fields, in the order Lucid writes them. */
const recorded = <const T extends string, const F extends z.ZodRawShape>(type: T, fields: F) =>
  z.strictObject({ id: z.string(), type: z.literal(type), processed_at: z.string(), ...fields });

// --- Shapes several kinds share ---

/** Token counts of one model call (or of an evaluation's calls added up), as `src/model/` counts them. */
const ModelUsage = z.strictObject({
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cache_read_input_tokens: z.number().int(),
  cache_creation_input_tokens: z.number().int(),
});

export const StopReason = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("end_turn") }),
  z.strictObject({ type: z.literal("requires_action"), event_ids: z.array(z.string()) }),
  z.strictObject({ type: z.literal("retries_exhausted") }),
]);
export type StopReason = z.infer<typeof StopReason>;

/** The error types a failed model call is recorded with (src/model/model-error.ts classifies them). */
const SessionErrorType = z.enum(["model_rate_limited_error", "model_overloaded_error", "model_request_failed_error", "unknown_error"]);

const ThreadOf = { session_thread_id: z.string(), agent_name: z.string() };

// --- A session's transcript ---

const UserMessageEvent = recorded("user.message", { content: MessageContent }).extend({
  // The echo of a message queued while the session runs has no time yet: it is recorded when a step takes it in.
  processed_at: z.string().nullable(),
});
const UserInterruptEvent = recorded("user.interrupt", {});
const UserCustomToolResultEvent = recorded("user.custom_tool_result", {
  custom_tool_use_id: z.string().min(1),
  content: ToolResultContent,
  is_error: z.boolean(),
});
const UserDefineOutcomeEvent = recorded("user.define_outcome", {
  outcome_id: z.string().min(1).max(256),
  description: DefineOutcomeParam.shape.description,
  rubric: TextRubric,
  max_iterations: z.number().int().min(1).max(MAX_ITERATIONS_LIMIT),
});

const ToolCall = { name: z.string(), input: z.record(z.string(), Json) };
const AgentMessageEvent = recorded("agent.message", { content: TextContent });
/** A call of a built-in tool, which Lucid runs. */
const AgentToolUseEvent = recorded("agent.tool_use", {
  ...ToolCall,
  /** What its permission policy let the call do: run now, or wait for the user's `user.tool_confirmation`. */
  evaluated_permission: z.enum(["allow", "ask"]).optional(),
});
const UserToolConfirmationEvent = recorded("user.tool_confirmation", {
  tool_use_id: z.string(),
  result: z.enum(["allow", "deny"]),
  deny_message: z.string().nullable(),
});
/** A self-hosted environment's worker answering a toolset call it ran. */
const UserToolResultEvent = recorded("user.tool_result", { tool_use_id: z.string(), content: ToolResultContent, is_error: z.boolean() });
/** A call of any other tool, which the client answers with `user.custom_tool_result`. */
const AgentCustomToolUseEvent = recorded("agent.custom_tool_use", ToolCall);
const AgentToolResultEvent = recorded("agent.tool_result", { tool_use_id: z.string(), content: TextContent, is_error: z.boolean() });
/** A call of a tool of one of the agent's MCP servers, which Lucid (the MCP client) runs; `name` is the server's name for it. */
const AgentMcpToolUseEvent = recorded("agent.mcp_tool_use", {
  ...ToolCall,
  mcp_server_name: z.string(),
  evaluated_permission: z.enum(["allow", "ask"]).optional(),
});
const AgentMcpToolResultEvent = recorded("agent.mcp_tool_result", { mcp_tool_use_id: z.string(), content: TextContent, is_error: z.boolean() });

// A coordinator's transcript hears of its threads from its orchestrator (src/multiagent/).
const ThreadCreatedEvent = recorded("session.thread_created", { ...ThreadOf, workflow_run_id: z.null() });
const ThreadMessageSentEvent = recorded("agent.thread_message_sent", { to_session_thread_id: z.string(), to_agent_name: z.string(), content: TextContent });
const ThreadMessageReceivedEvent = recorded("agent.thread_message_received", {
  from_session_thread_id: z.string(),
  from_agent_name: z.string(),
  content: TextContent,
});
const ThreadStatusRunningEvent = recorded("session.thread_status_running", ThreadOf);
const ThreadStatusIdleEvent = recorded("session.thread_status_idle", { ...ThreadOf, stop_reason: StopReason, stop_details: z.null() });
const ThreadStatusTerminatedEvent = recorded("session.thread_status_terminated", ThreadOf);

const StatusRunningEvent = recorded("session.status_running", {});
const StatusIdleEvent = recorded("session.status_idle", { stop_reason: StopReason, stop_details: z.null() });
const StatusRescheduledEvent = recorded("session.status_rescheduled", {});
const StatusTerminatedEvent = recorded("session.status_terminated", {});
const RetryStatus = z.strictObject({ type: z.enum(["retrying", "exhausted", "terminal"]) });
const SessionErrorEvent = recorded("session.error", {
  error: z.union([
    z.strictObject({ type: SessionErrorType, message: z.string(), retry_status: RetryStatus }),
    /** An MCP server the session could not reach, or that refused its credential; its tools are left out meanwhile. */
    z.strictObject({
      type: z.enum(["mcp_connection_failed_error", "mcp_authentication_failed_error"]),
      mcp_server_name: z.string(),
      message: z.string(),
      retry_status: RetryStatus,
    }),
  ]),
});

const ModelRequestStartEvent = recorded("span.model_request_start", {});
const ModelRequestEndEvent = recorded("span.model_request_end", { model_request_start_id: z.string(), is_error: z.boolean(), model_usage: ModelUsage });

const Evaluation = { outcome_id: z.string(), iteration: z.number().int().min(0) };
const OutcomeEvaluationStartEvent = recorded("span.outcome_evaluation_start", Evaluation);
const OutcomeEvaluationOngoingEvent = recorded("span.outcome_evaluation_ongoing", Evaluation);
const OutcomeEvaluationEndEvent = recorded("span.outcome_evaluation_end", {
  outcome_evaluation_start_id: z.string(),
  ...Evaluation,
  result: EvaluationVerdict,
  explanation: z.string(),
  usage: ModelUsage,
  /** Lucid extension: the grader's verdict per criterion, which the feedback to the agent is written from. */
  criteria: z.array(z.strictObject({ criterion: z.string(), met: z.boolean(), feedback: z.string() })),
});

/** Lucid extension: which memories a session loaded at its start, and the block its prompt carries from then on. */
const MemoryLoadedEvent = recorded("lucid.memory_loaded", {
  memory_store_ids: z.array(z.string()),
  memories: z.array(z.strictObject({ memory_store_id: z.string(), path: z.string(), content_sha256: z.string() })),
  tokens: z.number().int(),
  block: z.string(),
});

/** Lucid extension: what a session's reflection wrote where (or kept out, and why), and what it cost. */
const ReflectionEvent = recorded("lucid.reflection", {
  memory_store_id: z.string(),
  written: z.array(z.strictObject({ path: z.string(), kind: z.string() })),
  skipped: z.array(z.strictObject({ path: z.string(), reason: z.string() })),
  /** Set when the model's answer was unusable twice, so nothing was written. */
  error: z.string().optional(),
  model_usage: ModelUsage,
});

/** Every event a session's transcript may hold: what the events API lists and streams, and what a step reads. */
export const SessionEvent = z.discriminatedUnion("type", [
  UserMessageEvent,
  UserInterruptEvent,
  UserCustomToolResultEvent,
  UserToolConfirmationEvent,
  UserToolResultEvent,
  UserDefineOutcomeEvent,
  AgentMessageEvent,
  AgentToolUseEvent,
  AgentCustomToolUseEvent,
  AgentToolResultEvent,
  AgentMcpToolUseEvent,
  AgentMcpToolResultEvent,
  ThreadCreatedEvent,
  ThreadMessageSentEvent,
  ThreadMessageReceivedEvent,
  ThreadStatusRunningEvent,
  ThreadStatusIdleEvent,
  ThreadStatusTerminatedEvent,
  StatusRunningEvent,
  StatusIdleEvent,
  StatusRescheduledEvent,
  StatusTerminatedEvent,
  SessionErrorEvent,
  ModelRequestStartEvent,
  ModelRequestEndEvent,
  OutcomeEvaluationStartEvent,
  OutcomeEvaluationOngoingEvent,
  OutcomeEvaluationEndEvent,
  MemoryLoadedEvent,
  ReflectionEvent,
]);
export type SessionEvent = z.infer<typeof SessionEvent>;
export type SessionEventType = SessionEvent["type"];
export type SessionEventOf<T extends SessionEventType> = Extract<SessionEvent, { type: T }>;

// --- A dream's progress session (read-only, served like a session's events) ---

/** The dream phases that call a model. */
export const DreamModelPhase = z.enum(["review", "synthesis", "curation"]);
export type DreamModelPhase = z.infer<typeof DreamModelPhase>;

const DreamModelRequestStartEvent = recorded("span.model_request_start", { phase: DreamModelPhase });
const DreamModelRequestEndEvent = recorded("span.model_request_end", {
  phase: DreamModelPhase,
  is_error: z.boolean(),
  model_usage: ModelUsage,
  /** Why the answer was unusable, when it was. */
  error: z.string().optional(),
});

/** A phase done, with its counts. */
const DreamPhaseEvent = z.discriminatedUnion("phase", [
  recorded("lucid.dream_phase", { phase: z.literal("reading"), sessions: z.number().int(), memories: z.number().int() }),
  recorded("lucid.dream_phase", { phase: z.literal("synthesis"), clusters: z.number().int(), insights: z.number().int() }),
  recorded("lucid.dream_phase", {
    phase: z.literal("curation"),
    operations: z.number().int(),
    refused: z.number().int(),
    flags: z.number().int(),
    quarantined: z.number().int(),
    held_for_review: z.boolean(),
  }),
  recorded("lucid.dream_phase", { phase: z.literal("writing"), memory_store_id: z.string(), operations_applied: z.number().int() }),
]);

/** A person's decision on a dream held for review. */
const DreamReviewEvent = z.discriminatedUnion("decision", [
  recorded("lucid.dream_review", { decision: z.literal("approved"), operation_ids: z.array(z.string()), edited: z.array(z.string()) }),
  recorded("lucid.dream_review", { decision: z.literal("rejected") }),
]);

export const DreamProgressEvent = z.discriminatedUnion("type", [
  StatusRunningEvent,
  StatusIdleEvent,
  StatusTerminatedEvent,
  SessionErrorEvent,
  DreamModelRequestStartEvent,
  DreamModelRequestEndEvent,
  DreamPhaseEvent,
  DreamReviewEvent,
]);
export type DreamProgressEvent = z.infer<typeof DreamProgressEvent>;
export type DreamProgressEventType = DreamProgressEvent["type"];
export type DreamProgressEventOf<T extends DreamProgressEventType> = Extract<DreamProgressEvent, { type: T }>;

/** An event of any transcript Lucid serves on `/v1/sessions/{id}/events`: a session's, or a dream's progress session's. */
export const TranscriptEvent = z.union([SessionEvent, DreamProgressEvent]);
export type TranscriptEvent = SessionEvent | DreamProgressEvent;

// --- Appending and testing kinds, typed by the unions ---

/** The fields of a kind of event besides the id, type and time every event has: what an append is given. */
export type EventFields<E> = E extends unknown ? Omit<E, "id" | "type" | "processed_at"> : never;

/** What an append takes after the type: the kind's fields (left out for a kind that has none) and an id announced earlier. */
export type AppendArgs<E> = [keyof EventFields<E>] extends [never] ? [fields?: EventFields<E>, id?: string] : [fields: EventFields<E>, id?: string];

/** A list of session event kinds, checked against the union: a misspelt kind does not compile. */
export const eventTypes = <const T extends SessionEventType>(...types: T[]): readonly T[] => types;

/** Whether an event is of one of `types`, narrowing it to them. */
export function isEventOf<E extends { type: string }, T extends E["type"]>(event: E, types: readonly T[]): event is Extract<E, { type: T }> {
  return (types as readonly string[]).includes(event.type);
}

// --- Events an agent archive carries back ---

const archived = <S extends z.ZodType<{ id: string }>>(events: S) =>
  events
    .refine((event) => event.id.length >= 1 && event.id.length <= 256, { path: ["id"], message: "must be 1 to 256 characters" })
    .refine((event) => JSON.stringify(event).length <= MAX_JSON_BODY_BYTES, `an event holds at most ${MAX_JSON_BODY_BYTES} characters of JSON`);

/**
 * A session's event as an agent archive carries it back: one of the kinds Lucid records, with that kind's fields
 * (what people sent held to the rules it was sent under), and none larger than a request body may be.
 */
export const ArchivedSessionEvent = archived(SessionEvent);
/** A dream's progress event as an agent archive carries it back, held to the same rules. */
export const ArchivedDreamProgressEvent = archived(DreamProgressEvent);
