import { describe, expect, it } from "vitest";
import { awaitsAgent, buildMessages, pendingCustomToolUses } from "../../src/agent/transcript";
import type { SessionEvent } from "../../src/schemas/session-event";

let n = 0;
const event = (type: string, fields: Record<string, unknown> = {}) =>
  ({ id: `sevt_${++n}`, type, processed_at: "2026-11-25T00:00:00Z", ...fields }) as SessionEvent;
const text = (value: string) => [{ type: "text", text: value }];

describe("buildMessages", () => {
  it("merges consecutive turns and skips status and span events", () => {
    const events = [
      event("user.message", { content: text("a") }),
      event("session.status_running"),
      event("user.message", { content: text("b") }),
      event("span.model_request_start"),
      event("agent.message", { content: text("c") }),
    ];
    expect(buildMessages(events)).toEqual([
      { role: "user", content: [...text("a"), ...text("b")] },
      { role: "assistant", content: text("c") },
    ]);
    expect(awaitsAgent(buildMessages(events))).toBe(false);
  });

  it("uses event ids as tool use ids and answers calls an interrupt left open", () => {
    const toolUse = event("agent.custom_tool_use", { name: "lookup", input: { q: 1 } });
    const events = [event("user.message", { content: text("go") }), toolUse, event("user.interrupt"), event("user.message", { content: text("stop") })];
    expect(pendingCustomToolUses(events)).toEqual([]);
    expect(buildMessages(events)).toEqual([
      { role: "user", content: text("go") },
      { role: "assistant", content: [{ type: "tool_use", id: toolUse.id, name: "lookup", input: { q: 1 } }] },
      {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: toolUse.id, content: expect.stringContaining("interrupted"), is_error: true }, ...text("stop")],
      },
    ]);
  });

  it("tracks which custom tool calls still wait for results", () => {
    const first = event("agent.custom_tool_use", { name: "a", input: {} });
    const second = event("agent.custom_tool_use", { name: "b", input: {} });
    const answered = event("user.custom_tool_result", { custom_tool_use_id: first.id, content: text("ok") });
    expect(pendingCustomToolUses([first, second, answered])).toEqual([second.id]);
  });
});
