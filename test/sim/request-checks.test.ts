// What the simulator refuses, as the real API would: missing keys, malformed requests, unknown routes.
import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { freshIdentity, MODEL, scriptReplies, simClient, simulator } from "./sim-client";

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (caught: unknown) => caught,
  );

describe("authentication", () => {
  it("refuses a request without an API key with an authentication_error", async () => {
    const client = simClient({
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        headers.delete("authorization");
        headers.delete("x-api-key");
        return simulator.fetch(input as RequestInfo, { ...init, headers });
      },
    });
    const error = await failure(client.messages.create({ model: MODEL, max_tokens: 16, messages: [{ role: "user", content: "hi" }] }));
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(error).toMatchObject({ status: 401, type: "authentication_error" });
  });

  it("accepts any x-api-key", async () => {
    const response = await simulator.fetch("http://simulator/v1/messages", {
      method: "POST",
      headers: { "x-api-key": "anything", "content-type": "application/json" },
      body: JSON.stringify({ model: MODEL, max_tokens: 16, messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("request-id")).toMatch(/^req_sim_/);
  });
});

describe("request validation", () => {
  const client = simClient();

  it("refuses a tool_use left without a tool_result in the next message", async () => {
    const error = await failure(
      client.messages.create({
        model: MODEL,
        max_tokens: 64,
        messages: [
          { role: "user", content: "Search for cats" },
          { role: "assistant", content: [{ type: "tool_use", id: "toolu_lost", name: "search", input: {} }] },
          { role: "user", content: "Never mind" },
        ],
      }),
    );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error).toMatchObject({ status: 400, type: "invalid_request_error" });
    expect(error).toMatchObject({
      apiMessage: expect.stringContaining("`tool_use` ids were found without `tool_result` blocks immediately after: toolu_lost"),
    });
  });

  it("refuses a tool_result that answers no tool_use", async () => {
    const error = await failure(
      client.messages.create({
        model: MODEL,
        max_tokens: 64,
        messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_ghost", content: "42" }] }],
      }),
    );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error).toMatchObject({ apiMessage: expect.stringContaining("messages.0.content.0: unexpected `tool_use_id`") });
  });

  it.each([
    ["no messages", { model: MODEL, max_tokens: 16, messages: [] }, "messages:"],
    ["a zero max_tokens", { model: MODEL, max_tokens: 0, messages: [{ role: "user", content: "hi" }] }, "max_tokens:"],
    ["an assistant first", { model: MODEL, max_tokens: 16, messages: [{ role: "assistant", content: "hi" }] }, 'first message must use the "user" role'],
    ["a text block without text", { model: MODEL, max_tokens: 16, messages: [{ role: "user", content: [{ type: "text" }] }] }, "messages.0.content.0.text:"],
    [
      "a forced tool that is not declared",
      {
        model: MODEL,
        max_tokens: 16,
        tool_choice: { type: "tool", name: "nope" },
        tools: [{ name: "yes", input_schema: { type: "object" } }],
        messages: [{ role: "user", content: "hi" }],
      },
      "tool_choice.name:",
    ],
  ])("refuses %s", async (_, body, expected) => {
    const error = await failure(client.messages.create(body as unknown as Anthropic.MessageCreateParamsNonStreaming));
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error).toMatchObject({ apiMessage: expect.stringContaining(expected) });
  });

  it("passes unknown content blocks through and merges consecutive user turns", async () => {
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 64,
      messages: [
        { role: "user", content: "first" },
        { role: "user", content: [{ type: "future_block", payload: 1 } as unknown as Anthropic.TextBlockParam, { type: "text", text: "second" }] },
      ],
    });
    expect(message.content[0]).toMatchObject({ text: 'Simulated reply to: "second"' });
  });

  it("consumes no scripted reply for a refused request", async () => {
    const { agentId, userId } = freshIdentity();
    await scriptReplies(agentId, [{ type: "message", content: [{ type: "text", text: "scripted" }] }]);
    const bad = { model: MODEL, max_tokens: 0, metadata: { user_id: userId }, messages: [{ role: "user" as const, content: "hi" }] };
    await failure(client.messages.create(bad));
    const good = await client.messages.create({ ...bad, max_tokens: 16 });
    expect(good.content[0]).toMatchObject({ text: "scripted" });
  });
});

describe("other routes", () => {
  it("answers an unknown path with a not_found_error", async () => {
    const response = await simulator.fetch("http://simulator/v1/nothing-here", { headers: { "x-api-key": "k" } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ type: "error", error: { type: "not_found_error", message: "Not Found" } });
  });

  it("turns a stream_error into a plain HTTP error when the request does not stream", async () => {
    const { agentId, userId } = freshIdentity();
    await scriptReplies(agentId, [{ type: "stream_error", error_type: "api_error" }]);
    const error = await failure(
      simClient().messages.create({ model: MODEL, max_tokens: 16, metadata: { user_id: userId }, messages: [{ role: "user", content: "hi" }] }),
    );
    expect(error).toMatchObject({ status: 500, type: "api_error" });
  });
});
