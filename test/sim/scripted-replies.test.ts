// Scripted replies and the request log: queues matched by agent or session id, consumed in order, then the default policy.
import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { freshIdentity, loggedRequests, MODEL, scriptReplies, simClient, simulator } from "./sim-client";

describe("scripted queues", () => {
  it("consumes an agent's queue in order, then falls back to the default policy, logging every call", async () => {
    const client = simClient();
    const { agentId, sessionId, userId } = freshIdentity();
    expect(
      (
        await scriptReplies(agentId, [
          { type: "message", content: [{ type: "text", text: "First scripted answer." }] },
          {
            type: "message",
            content: [
              { type: "text", text: "Let me look." },
              { type: "tool_use", id: "toolu_fixed", name: "search", input: { q: "cats" } },
            ],
          },
        ])
      ).status,
    ).toBe(200);
    const ask = (content: string) =>
      client.messages.create({ model: MODEL, max_tokens: 256, metadata: { user_id: userId }, messages: [{ role: "user", content }] });

    const first = await ask("one");
    const second = await ask("two");
    const third = await ask("three");

    expect(first.content).toEqual([{ type: "text", text: "First scripted answer.", citations: null }]);
    expect(first.stop_reason).toBe("end_turn");
    expect(second.stop_reason).toBe("tool_use");
    expect(second.content[1]).toMatchObject({ type: "tool_use", id: "toolu_fixed", name: "search", input: { q: "cats" } });
    expect(third.content[0]).toMatchObject({ text: 'Simulated reply to: "three"' });

    for (const key of [agentId, sessionId]) {
      const log = await loggedRequests(key);
      expect(log.map((entry) => entry.body.messages[0]?.content)).toEqual(["one", "two", "three"]);
      expect(log[0]?.body.metadata?.user_id).toBe(userId);
    }
  });

  it("matches a session's queue too, the first segment of user_id winning when both have replies", async () => {
    const client = simClient();
    const { agentId, sessionId, userId } = freshIdentity();
    await scriptReplies(sessionId, [{ type: "message", content: [{ type: "text", text: "from the session" }] }]);
    await scriptReplies(agentId, [{ type: "message", content: [{ type: "text", text: "from the agent" }] }]);
    const ask = () => client.messages.create({ model: MODEL, max_tokens: 64, metadata: { user_id: userId }, messages: [{ role: "user", content: "hi" }] });

    expect((await ask()).content[0]).toMatchObject({ text: "from the agent" });
    expect((await ask()).content[0]).toMatchObject({ text: "from the session" });
  });

  it("shows and clears what is left of a queue", async () => {
    const { agentId } = freshIdentity();
    await scriptReplies(agentId, [
      { type: "error", status: 500 },
      { type: "message", content: [] },
    ]);

    const shown = (await (await simulator.fetch(`http://simulator/_sim/scripts/${agentId}`)).json()) as { replies: unknown[] };
    expect(shown.replies).toEqual([
      { type: "error", status: 500 },
      { type: "message", content: [] },
    ]);

    await simulator.fetch(`http://simulator/_sim/scripts/${agentId}`, { method: "DELETE" });
    const cleared = (await (await simulator.fetch(`http://simulator/_sim/scripts/${agentId}`)).json()) as { replies: unknown[] };
    expect(cleared.replies).toEqual([]);
  });

  it("refuses a malformed script", async () => {
    const response = await scriptReplies("agent_x", [{ type: "message" } as never]);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });
});

describe("scripted errors", () => {
  it("sends a 429 with retry-after, which the SDK raises as a RateLimitError", async () => {
    const client = simClient();
    const { agentId, userId } = freshIdentity();
    await scriptReplies(agentId, [{ type: "error", status: 429, retry_after: 7 }]);

    const error = await client.messages
      .create({ model: MODEL, max_tokens: 64, metadata: { user_id: userId }, messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    const rateLimit = error as InstanceType<typeof Anthropic.RateLimitError>;
    expect(rateLimit.headers.get("retry-after")).toBe("7");
    expect(rateLimit.type).toBe("rate_limit_error");
    expect(rateLimit.requestID).toMatch(/^req_sim_/);
  });

  it("sends a 529 overloaded error", async () => {
    const client = simClient();
    const { sessionId, userId } = freshIdentity();
    await scriptReplies(sessionId, [{ type: "error", status: 529, message: "Overloaded" }]);

    const error = await client.messages
      .create({ model: MODEL, max_tokens: 64, metadata: { user_id: userId }, messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ status: 529, type: "overloaded_error", apiMessage: "Overloaded" });
  });

  it("fails a stream midway with an error event after some text", async () => {
    const client = simClient();
    const { agentId, userId } = freshIdentity();
    await scriptReplies(agentId, [{ type: "stream_error", after_text: "Partial answer before the failure" }]);
    const deltas: string[] = [];

    const stream = client.messages.stream({ model: MODEL, max_tokens: 64, metadata: { user_id: userId }, messages: [{ role: "user", content: "hi" }] });
    stream.on("text", (delta) => deltas.push(delta));
    const error = await stream.finalMessage().catch((caught: unknown) => caught);

    expect(deltas.join("")).toBe("Partial answer before the failure");
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ type: "overloaded_error" });
  });

  it("delays stream chunks so a reader sees deltas live and can interrupt", async () => {
    const client = simClient();
    const { agentId, userId } = freshIdentity();
    const words = Array.from({ length: 20 }, (_, i) => `word${i}`).join(" ");
    await scriptReplies(agentId, [{ type: "message", content: [{ type: "text", text: words }], chunk_delay_ms: 50 }]);
    const deltas: string[] = [];
    const arrivals: number[] = [];

    const stream = client.messages.stream({ model: MODEL, max_tokens: 256, metadata: { user_id: userId }, messages: [{ role: "user", content: "hi" }] });
    stream.on("text", (delta) => {
      deltas.push(delta);
      arrivals.push(Date.now());
      if (deltas.length === 2) stream.abort();
    });
    const error = await stream.finalMessage().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Anthropic.APIUserAbortError);
    expect(deltas).toEqual(["word0 ", "word1 "]);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(40);
  });
});
