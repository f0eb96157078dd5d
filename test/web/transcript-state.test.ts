// The session page's fold of a live stream into transcript entries: streamed text, finished messages, tools, status.
import { describe, expect, it } from "vitest";
import { applyFrame, EMPTY_TRANSCRIPT, type StreamFrame, type TranscriptState } from "../../web/src/components/transcript-state";

const fold = (frames: StreamFrame[], state: TranscriptState = EMPTY_TRANSCRIPT) => frames.reduce(applyFrame, state);
const text = (value: string) => [{ type: "text", text: value }];

describe("transcript state", () => {
  it("streams an agent message in and replaces the preview with the finished message", () => {
    const streaming = fold([
      { type: "user.message", id: "evt_1", content: text("Draft a letter") },
      { type: "event_start", event: { id: "evt_2", type: "agent.message" } },
      { type: "event_delta", event_id: "evt_2", delta: { type: "content_delta", index: 0, content: { type: "text", text: "Dear " } } },
      { type: "event_delta", event_id: "evt_2", delta: { type: "content_delta", index: 0, content: { type: "text", text: "Acme" } } },
    ]);
    expect(streaming.entries).toEqual([
      { kind: "user", id: "evt_1", text: "Draft a letter" },
      { kind: "agent", id: "evt_2", text: "Dear Acme", streaming: true },
    ]);
    const finished = fold([{ type: "agent.message", id: "evt_2", content: text("Dear Acme,") }], streaming);
    expect(finished.entries[1]).toEqual({ kind: "agent", id: "evt_2", text: "Dear Acme,", streaming: false });
    expect(finished.entries).toHaveLength(2);
  });

  it("ignores deltas replayed for a message already finished", () => {
    const state = fold([
      { type: "agent.message", id: "evt_2", content: text("Done.") },
      { type: "event_delta", event_id: "evt_2", delta: { type: "content_delta", index: 0, content: { type: "text", text: "Do" } } },
    ]);
    expect(state.entries).toEqual([{ kind: "agent", id: "evt_2", text: "Done.", streaming: false }]);
  });

  it("marks a held call pending until the user allows or denies it, and attaches worker and client results", () => {
    const held = fold([{ type: "agent.tool_use", id: "evt_5", name: "bash", input: { command: "rm -rf build" }, evaluated_permission: "ask" }]);
    expect(held.entries[0]).toMatchObject({ kind: "tool", id: "evt_5", confirmation: "pending", result: null });
    const allowed = fold(
      [
        { type: "user.tool_confirmation", id: "evt_6", tool_use_id: "evt_5", result: "allow" },
        { type: "user.tool_result", id: "evt_7", tool_use_id: "evt_5", content: text("removed"), is_error: false },
      ],
      held,
    );
    expect(allowed.entries).toEqual([
      { kind: "tool", id: "evt_5", name: "bash", input: '{"command":"rm -rf build"}', confirmation: "allowed", result: { isError: false, text: "removed" } },
    ]);
    expect(fold([{ type: "user.tool_confirmation", id: "evt_8", tool_use_id: "evt_5", result: "deny" }], held).entries[0]).toMatchObject({
      confirmation: "denied",
    });
    const custom = fold([
      { type: "agent.custom_tool_use", id: "evt_9", name: "lookup", input: {} },
      { type: "user.custom_tool_result", id: "evt_10", custom_tool_use_id: "evt_9", content: text("42"), is_error: false },
    ]);
    expect(custom.entries[0]).toMatchObject({ result: { isError: false, text: "42" } });
    expect(custom.entries[0]).not.toHaveProperty("confirmation");
  });

  it("shows a tool call on one line with its result attached", () => {
    const state = fold([
      { type: "agent.tool_use", id: "evt_3", name: "memory_read", input: { path: "/preferences/signature.md" } },
      { type: "agent.tool_result", id: "evt_4", tool_use_id: "evt_3", content: text("not found"), is_error: true },
    ]);
    expect(state.entries).toEqual([
      { kind: "tool", id: "evt_3", name: "memory_read", input: '{"path":"/preferences/signature.md"}', result: { isError: true, text: "not found" } },
    ]);
  });

  it("shows an MCP call with its server, its result attached, and a held one as pending", () => {
    const state = fold([
      { type: "agent.mcp_tool_use", id: "evt_3", name: "lookup_case", mcp_server_name: "cases", input: { case_id: "C-7" }, evaluated_permission: "ask" },
      { type: "user.tool_confirmation", id: "evt_4", tool_use_id: "evt_3", result: "allow" },
      { type: "agent.mcp_tool_result", id: "evt_5", mcp_tool_use_id: "evt_3", content: text("Case C-7: open."), is_error: false },
    ]);
    expect(state.entries).toEqual([
      {
        kind: "tool",
        id: "evt_3",
        name: "cases/lookup_case",
        input: '{"case_id":"C-7"}',
        confirmation: "allowed",
        result: { isError: false, text: "Case C-7: open." },
      },
    ]);
  });

  it("tracks status, stop reason, steps and tokens", () => {
    const state = fold([
      { type: "session.status_running", id: "evt_5" },
      { type: "span.model_request_start", id: "evt_6" },
      { type: "span.model_request_end", id: "evt_7", model_usage: { input_tokens: 120, output_tokens: 30 } },
      { type: "span.model_request_start", id: "evt_8" },
      { type: "span.model_request_end", id: "evt_9", model_usage: { input_tokens: 200, output_tokens: 12 } },
      { type: "session.status_idle", id: "evt_10", stop_reason: { type: "end_turn" } },
    ]);
    expect(state).toMatchObject({ status: "idle", stopReason: "end_turn", steps: 2, inputTokens: 320, outputTokens: 42 });
  });

  it("records outcome verdicts and errors as entries of their own", () => {
    const state = fold([
      { type: "span.outcome_evaluation_end", id: "evt_11", result: "needs_revision", iteration: 1, explanation: "The letter lacks a date." },
      { type: "session.error", id: "evt_12", error: { type: "overloaded_error", message: "busy", retry_status: { type: "retrying" } } },
    ]);
    expect(state.entries).toEqual([
      { kind: "verdict", id: "evt_11", result: "needs_revision", iteration: 1, explanation: "The letter lacks a date." },
      { kind: "error", id: "evt_12", message: "overloaded_error: busy (retrying)" },
    ]);
  });
});
