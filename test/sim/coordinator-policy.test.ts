import { describe, expect, it } from "vitest";
import { coordinatorReply, partsOf, slugOf } from "../../src/sim/coordinator-policy";
import type { MessagesRequest } from "../../src/sim/request-schema";

const roster = "Your specialists:\n- agent_aaaaaaaaaaaaaaaaaaaaaaaa (Writer): writes\n- agent_bbbbbbbbbbbbbbbbbbbbbbbb (Critic): checks";
const tools = ["open_thread", "wait_for_threads", "write"].map((name) => ({ name, input_schema: { type: "object" as const } }));
const request = (messages: MessagesRequest["messages"], extra: Partial<MessagesRequest> = {}) =>
  ({ model: "m", max_tokens: 100, system: roster, tools, messages, ...extra }) as MessagesRequest;

describe("the simulator's coordinator policy", () => {
  it("reads parts from a Parts: line or a bulleted list, and nothing else", () => {
    expect(partsOf("Plan it.\nParts: Timeline; Budget ;  ; Risks")).toEqual(["Timeline", "Budget", "Risks"]);
    expect(partsOf("Plan it:\n- Timeline\n* Budget\nnot a part")).toEqual(["Timeline", "Budget"]);
    expect(partsOf("Just plan it.")).toEqual([]);
    expect(slugOf("Go-to-market & PR!")).toBe("go-to-market-pr");
  });

  it("opens one thread per part, round-robin over the roster, with a task the specialist's default policy writes", () => {
    const reply = coordinatorReply(request([{ role: "user", content: "Parts: A; B; C" }]))!;
    expect(reply.content.map((block) => (block.type === "tool_use" ? [block.name, block.input.agent_id] : null))).toEqual([
      ["open_thread", "agent_aaaaaaaaaaaaaaaaaaaaaaaa"],
      ["open_thread", "agent_bbbbbbbbbbbbbbbbbbbbbbbb"],
      ["open_thread", "agent_aaaaaaaaaaaaaaaaaaaaaaaa"],
    ]);
    const first = reply.content[0]!;
    expect(first.type === "tool_use" && first.input.task).toBe(
      'Write your part "A" to the workspace. Use the tool write with file_path: /parts/a.md content: "A: drafted by Writer."',
    );
  });

  it("waits after opening, merges after waiting, and leaves other requests to the default policy", () => {
    const opened = [
      { role: "user" as const, content: "Parts: A" },
      {
        role: "assistant" as const,
        content: [{ type: "tool_use" as const, id: "t1", name: "open_thread", input: { agent_id: "x", task: 'Write your part "A" to the workspace.' } }],
      },
      { role: "user" as const, content: [{ type: "tool_result" as const, tool_use_id: "t1", content: '{"thread_id":"sesn_1","status":"running"}' }] },
    ];
    expect(coordinatorReply(request(opened))!.content).toEqual([{ type: "tool_use", name: "wait_for_threads", input: {} }]);
    const waited = [
      ...opened,
      { role: "assistant" as const, content: [{ type: "tool_use" as const, id: "t2", name: "wait_for_threads", input: {} }] },
      {
        role: "user" as const,
        content: [
          {
            type: "tool_result" as const,
            tool_use_id: "t2",
            content: JSON.stringify({ threads: [{ thread_id: "sesn_1", agent_name: "Writer", status: "idle", reply: "Wrote it." }] }),
          },
        ],
      },
    ];
    const merge = coordinatorReply(request(waited))!.content[0]!;
    expect(merge.type === "tool_use" && merge.name).toBe("write");
    expect(merge.type === "tool_use" && merge.input.content).toContain("## A\nWriter (idle) wrote /parts/a.md.\nWrote it.");
    expect(coordinatorReply(request([{ role: "user", content: "Parts: A" }], { tool_choice: { type: "any" } }))).toBeUndefined();
    expect(coordinatorReply(request([{ role: "user", content: "Parts: A" }], { tools: tools.slice(2) }))).toBeUndefined();
  });
});
