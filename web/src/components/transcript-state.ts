// Folds a live session stream (transcript events and text previews) into what the transcript shows: messages with
// text streaming in, compact tool calls, outcome verdicts, errors, and the session's status and token counts.

/** Any frame the stream yields; fields are read defensively because the transcript holds many event types. */
export type StreamFrame = { type: string } & Record<string, unknown>;

export type TranscriptEntry =
  | { kind: "user"; id: string; text: string }
  | { kind: "agent"; id: string; text: string; streaming: boolean }
  | {
      kind: "tool";
      id: string;
      name: string;
      input: string;
      result: { isError: boolean; text: string } | null;
      /** Only for a call its permission policy held (`always_ask`): waiting for the user, or what the user decided. */
      confirmation?: "pending" | "allowed" | "denied";
    }
  | { kind: "verdict"; id: string; result: string; iteration: number; explanation: string }
  | { kind: "error"; id: string; message: string }
  | { kind: "note"; id: string; text: string };

export type TranscriptState = {
  entries: TranscriptEntry[];
  status: string | null;
  stopReason: string | null;
  /** Model calls made so far. */
  steps: number;
  inputTokens: number;
  outputTokens: number;
};

export const EMPTY_TRANSCRIPT: TranscriptState = { entries: [], status: null, stopReason: null, steps: 0, inputTokens: 0, outputTokens: 0 };

const SHORT = 160;

export function applyFrame(state: TranscriptState, frame: StreamFrame): TranscriptState {
  const id = typeof frame.id === "string" ? frame.id : "";
  switch (frame.type) {
    case "user.message":
      return withEntry(state, { kind: "user", id, text: textOf(frame.content) });
    case "event_start": {
      const event = frame.event as { id?: string; type?: string } | undefined;
      if (event?.type !== "agent.message" || !event.id) return state;
      return withEntry(state, { kind: "agent", id: event.id, text: "", streaming: true });
    }
    case "event_delta":
      return appendDelta(state, frame);
    case "agent.message":
      return withEntry(state, { kind: "agent", id, text: textOf(frame.content), streaming: false });
    case "agent.tool_use":
    case "agent.mcp_tool_use":
    case "agent.custom_tool_use":
      return withEntry(state, {
        kind: "tool",
        id,
        // An MCP tool shows with its server, as `server/tool`.
        name: `${typeof frame.mcp_server_name === "string" ? `${frame.mcp_server_name}/` : ""}${String(frame.name ?? "tool")}`,
        input: shorten(JSON.stringify(frame.input ?? {})),
        result: null,
        ...(frame.evaluated_permission === "ask" ? { confirmation: "pending" as const } : {}),
      });
    case "agent.tool_result":
    case "user.tool_result":
      return attachToolResult(state, frame, frame.tool_use_id);
    case "user.custom_tool_result":
      return attachToolResult(state, frame, frame.custom_tool_use_id);
    case "agent.mcp_tool_result":
      return attachToolResult(state, frame, frame.mcp_tool_use_id);
    case "user.tool_confirmation":
      return confirmTool(state, frame);
    case "span.model_request_start":
      return { ...state, steps: state.steps + 1 };
    case "span.model_request_end":
      return addUsage(state, frame.model_usage);
    case "span.outcome_evaluation_end":
      return withEntry(state, {
        kind: "verdict",
        id,
        result: String(frame.result ?? "unknown"),
        iteration: Number(frame.iteration ?? 0),
        explanation: typeof frame.explanation === "string" ? frame.explanation : "",
      });
    case "session.error":
      return withEntry(state, { kind: "error", id, message: errorMessageOf(frame.error) });
    case "session.status_running":
      return { ...state, status: "running", stopReason: null };
    case "session.status_idle":
      return { ...state, status: "idle", stopReason: stopReasonOf(frame.stop_reason) };
    case "session.status_rescheduled":
      return { ...state, status: "rescheduling" };
    case "session.status_terminated":
      return { ...state, status: "terminated" };
    case "lucid.memory_loaded":
      return withEntry(state, { kind: "note", id, text: memoryLoadedText(frame.memories) });
    case "session.thread_created":
      return withEntry(state, { kind: "note", id, text: `Opened a thread on ${String(frame.agent_name ?? "an agent")}` });
    default:
      return state;
  }
}

/** Adds an entry, or replaces the one with the same id (a finished message replaces its streamed preview). */
function withEntry(state: TranscriptState, entry: TranscriptEntry): TranscriptState {
  const index = entry.id ? state.entries.findIndex((existing) => existing.id === entry.id) : -1;
  if (index === -1) return { ...state, entries: [...state.entries, entry] };
  const entries = state.entries.slice();
  entries[index] = entry;
  return { ...state, entries };
}

function appendDelta(state: TranscriptState, frame: StreamFrame): TranscriptState {
  const delta = frame.delta as { content?: { text?: string } } | undefined;
  const text = delta?.content?.text ?? "";
  const index = state.entries.findIndex((entry) => entry.id === frame.event_id);
  const entry = state.entries[index];
  // A delta for a message already finished (replayed after a reconnect) changes nothing.
  if (entry?.kind !== "agent" || !entry.streaming) return state;
  const entries = state.entries.slice();
  entries[index] = { ...entry, text: entry.text + text };
  return { ...state, entries };
}

function attachToolResult(state: TranscriptState, frame: StreamFrame, toolUseId: unknown): TranscriptState {
  const index = state.entries.findIndex((entry) => entry.kind === "tool" && entry.id === toolUseId);
  const entry = state.entries[index];
  if (entry?.kind !== "tool") return state;
  const entries = state.entries.slice();
  entries[index] = { ...entry, result: { isError: frame.is_error === true, text: shorten(textOf(frame.content)) } };
  return { ...state, entries };
}

function confirmTool(state: TranscriptState, frame: StreamFrame): TranscriptState {
  const index = state.entries.findIndex((entry) => entry.kind === "tool" && entry.id === frame.tool_use_id);
  const entry = state.entries[index];
  if (entry?.kind !== "tool") return state;
  const entries = state.entries.slice();
  entries[index] = { ...entry, confirmation: frame.result === "allow" ? "allowed" : "denied" };
  return { ...state, entries };
}

function addUsage(state: TranscriptState, usage: unknown): TranscriptState {
  const counts = usage as { input_tokens?: number; output_tokens?: number } | undefined;
  return { ...state, inputTokens: state.inputTokens + (counts?.input_tokens ?? 0), outputTokens: state.outputTokens + (counts?.output_tokens ?? 0) };
}

function textOf(content: unknown): string {
  if (!Array.isArray(content)) return "";
  return content
    .flatMap((block: { type?: string; text?: string }) => (block?.type === "text" && typeof block.text === "string" ? [block.text] : []))
    .join("\n");
}

function shorten(text: string): string {
  return text.length > SHORT ? `${text.slice(0, SHORT - 1)}…` : text;
}

function errorMessageOf(error: unknown): string {
  const details = error as { type?: string; message?: string; retry_status?: { type?: string } } | undefined;
  const retry = details?.retry_status?.type ? ` (${details.retry_status.type.replaceAll("_", " ")})` : "";
  return `${details?.type ?? "error"}: ${details?.message ?? "unknown error"}${retry}`;
}

function stopReasonOf(stopReason: unknown): string | null {
  const reason = stopReason as { type?: string } | null | undefined;
  return reason?.type ?? null;
}

function memoryLoadedText(memories: unknown): string {
  const paths = Array.isArray(memories) ? memories.flatMap((memory: { path?: string }) => (typeof memory?.path === "string" ? [memory.path] : [])) : [];
  return paths.length ? `Loaded memory: ${paths.join(", ")}` : "Loaded memory: nothing relevant yet";
}
