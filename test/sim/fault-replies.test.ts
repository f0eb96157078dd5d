// Scripted faults of the simulator: a hung, malformed or cut stream and a tool call whose input is not JSON, byte for byte and as the SDK sees them.
import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { freshIdentity, MODEL, scriptReplies, simClient, simulator } from "./sim-client";

interface Frame {
  event: string;
  data: string;
}

/** Posts a request straight to the simulator (no SDK) and reads the whole body. */
async function rawReply(userId: string, stream: boolean): Promise<{ status: number; text: string; endedAt: number }> {
  const response = await simulator.fetch("http://simulator/v1/messages", {
    method: "POST",
    headers: { "x-api-key": "sim", "content-type": "application/json" },
    body: JSON.stringify({ model: MODEL, max_tokens: 256, stream, metadata: { user_id: userId }, messages: [{ role: "user", content: "go" }] }),
  });
  const text = await response.text();
  return { status: response.status, text, endedAt: Date.now() };
}

function framesOf(text: string): Frame[] {
  return text
    .split("\n\n")
    .filter(Boolean)
    .map((chunk) => ({ event: /^event: (.*)$/m.exec(chunk)?.[1] ?? "", data: /^data: (.*)$/m.exec(chunk)?.[1] ?? "" }));
}

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const ask = (userId: string) =>
  simClient()
    .messages.stream({ model: MODEL, max_tokens: 256, metadata: { user_id: userId }, messages: [{ role: "user", content: "go" }] })
    .finalMessage();

describe("stream_cut", () => {
  it("closes the stream after the first text with no block end, no message_stop and no error", async () => {
    const { agentId, userId } = freshIdentity();
    await scriptReplies(agentId, [{ type: "stream_cut", after_text: "Half an" }]);

    const frames = framesOf((await rawReply(userId, true)).text);

    expect(frames.map((frame) => frame.event)).toEqual(["message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta"]);
    expect(frames.every((frame) => isJson(frame.data))).toBe(true);
  });

  it("makes the SDK fail for want of a complete message, and cuts a non-streaming body in half", async () => {
    const { agentId, userId } = freshIdentity();
    await scriptReplies(agentId, [{ type: "stream_cut", after_text: "Half" }, { type: "stream_cut" }]);

    await expect(ask(userId)).rejects.toThrow(/stream ended without producing a Message/);
    const plain = await rawReply(userId, false);
    expect(plain.status).toBe(200);
    expect(plain.text.startsWith('{"id":"msg_sim_')).toBe(true);
    expect(isJson(plain.text)).toBe(false);
  });
});

describe("malformed_sse", () => {
  it("sends a frame whose data is not JSON, then nothing", async () => {
    const { agentId, userId } = freshIdentity();
    await scriptReplies(agentId, [{ type: "malformed_sse", after_text: "Hello", data: "<html>502 Bad Gateway</html>" }, { type: "malformed_sse" }]);

    const frames = framesOf((await rawReply(userId, true)).text);
    expect(frames.at(-1)).toEqual({ event: "content_block_delta", data: "<html>502 Bad Gateway</html>" });
    expect(frames.slice(0, -1).every((frame) => isJson(frame.data))).toBe(true);
    expect(frames.some((frame) => frame.event === "message_stop")).toBe(false);

    await expect(ask(userId)).rejects.toMatchObject({ cause: expect.any(SyntaxError) });
  });
});

describe("stream_stall", () => {
  it("holds the stream open after its first text for stall_ms, then closes it unfinished", async () => {
    const { agentId, userId } = freshIdentity();
    await scriptReplies(agentId, [{ type: "stream_stall", after_text: "Thinking", stall_ms: 1_500 }]);

    const startedAt = Date.now();
    const { text, endedAt } = await rawReply(userId, true);

    expect(endedAt - startedAt).toBeGreaterThanOrEqual(1_500);
    const events = framesOf(text).map((frame) => frame.event);
    expect(events).toContain("content_block_delta");
    expect(events).not.toContain("message_stop");
  });

  it("never completes for the SDK, which gives up on its own signal; a non-streaming request gets 504 after the stall", async () => {
    const { agentId, userId } = freshIdentity();
    await scriptReplies(agentId, [
      { type: "stream_stall", stall_ms: 60_000 },
      { type: "stream_stall", stall_ms: 300 },
    ]);

    const client = new Anthropic({
      apiKey: "sim",
      baseURL: "http://simulator",
      maxRetries: 0,
      fetch: (input, init) => simulator.fetch(input as RequestInfo, init),
    });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 1_000);
    const stalled = client.messages.stream(
      { model: MODEL, max_tokens: 64, metadata: { user_id: userId }, messages: [{ role: "user", content: "go" }] },
      { signal: controller.signal },
    );
    await expect(stalled.finalMessage()).rejects.toBeInstanceOf(Anthropic.APIUserAbortError);
    clearTimeout(timer);

    const plain = await rawReply(userId, false);
    expect(plain.status).toBe(504);
    expect(JSON.parse(plain.text)).toMatchObject({ type: "error", error: { type: "api_error" } });
  });
});

describe("invalid_tool_json", () => {
  it("streams a complete, well-formed message whose tool input deltas join to the scripted text", async () => {
    const { agentId, userId } = freshIdentity();
    await scriptReplies(agentId, [{ type: "invalid_tool_json", text: "Saving.", name: "write", partial_json: '{"file_path": "/no' }]);

    const frames = framesOf((await rawReply(userId, true)).text);

    expect(frames.every((frame) => isJson(frame.data))).toBe(true);
    expect(frames.at(-1)?.event).toBe("message_stop");
    const deltas = frames.map((frame) => JSON.parse(frame.data)).filter((event) => event.delta?.type === "input_json_delta");
    expect(deltas.map((event) => event.delta.partial_json).join("")).toBe('{"file_path": "/no');
    expect(deltas.every((event) => event.index === 1)).toBe(true);
    const stop = frames.map((frame) => JSON.parse(frame.data)).find((event) => event.type === "message_delta");
    expect(stop.delta.stop_reason).toBe("tool_use");
  });

  it("is silently completed by the SDK when truncated, refused when garbage, and unparseable without streaming", async () => {
    const { agentId, userId } = freshIdentity();
    await scriptReplies(agentId, [
      { type: "invalid_tool_json", name: "write", partial_json: '{"file_path": "/notes.md", "content": "Hel' },
      { type: "invalid_tool_json", name: "write", partial_json: "{file_path: /notes.md}" },
      { type: "invalid_tool_json", name: "write", partial_json: "{file_path: /notes.md}" },
    ]);

    // Why Lucid checks the raw JSON itself: the SDK turns the truncated input into a plausible, wrong one.
    const repaired = await ask(userId);
    expect(repaired.content[0]).toMatchObject({ type: "tool_use", name: "write", input: { file_path: "/notes.md" } });
    await expect(ask(userId)).rejects.toMatchObject({ cause: expect.any(SyntaxError) });
    const plain = await rawReply(userId, false);
    expect(plain.status).toBe(200);
    expect(plain.text).toContain('"input":{file_path: /notes.md}');
    expect(isJson(plain.text)).toBe(false);
  });

  it("refuses a script whose partial_json is a valid JSON object (that would be an ordinary tool call)", async () => {
    const response = await scriptReplies("agent_x", [{ type: "invalid_tool_json", name: "write", partial_json: '{"file_path": "/a.md"}' }]);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("partial_json");
  });
});
