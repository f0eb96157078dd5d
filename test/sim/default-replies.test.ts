// The simulator's unscripted answers, driven through the official SDK: text, tool calls, tool results, limits and usage.
import { describe, expect, it } from "vitest";
import { freshIdentity, MODEL, simClient } from "./sim-client";

const readFileTool = {
  name: "read_file",
  description: "Read a file of the workspace.",
  input_schema: {
    type: "object" as const,
    properties: { path: { type: "string" }, limit: { type: "integer" }, verbose: { type: "boolean" } },
    required: ["path", "limit"],
  },
};

describe("default text reply", () => {
  it("answers with a marked simulated reply quoting the user, as JSON", async () => {
    const client = simClient();
    const { data: message, response } = await client.messages
      .create({ model: MODEL, max_tokens: 256, messages: [{ role: "user", content: "What is the capital of France?" }] })
      .withResponse();

    expect(response.headers.get("request-id")).toMatch(/^req_sim_/);
    expect(message.id).toMatch(/^msg_sim_/);
    expect(message.model).toBe(MODEL);
    expect(message.content).toEqual([{ type: "text", text: 'Simulated reply to: "What is the capital of France?"', citations: null }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.output_tokens).toBe(Math.ceil('Simulated reply to: "What is the capital of France?"'.length / 4));
    expect(message.usage.input_tokens).toBeGreaterThan(0);
  });

  it("streams the same reply as several text deltas that the SDK reassembles", async () => {
    const client = simClient();
    const deltas: string[] = [];
    const stream = client.messages.stream({
      model: MODEL,
      max_tokens: 256,
      messages: [{ role: "user", content: "Tell me something about streaming responses" }],
    });
    stream.on("text", (delta) => deltas.push(delta));
    const message = await stream.finalMessage();

    const text = 'Simulated reply to: "Tell me something about streaming responses"';
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe(text);
    expect(message.content).toEqual([{ type: "text", text, citations: null }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.output_tokens).toBe(Math.ceil(text.length / 4));
  });

  it("quotes only the first 200 characters of a long message", async () => {
    const client = simClient();
    const long = "x".repeat(500);
    const message = await client.messages.create({ model: MODEL, max_tokens: 1024, messages: [{ role: "user", content: long }] });
    expect(message.content[0]).toMatchObject({ type: "text", text: `Simulated reply to: "${"x".repeat(200)}"` });
  });

  it("stops at max_tokens, cutting the text to four characters a token", async () => {
    const client = simClient();
    const message = await client.messages.create({ model: MODEL, max_tokens: 3, messages: [{ role: "user", content: "Write a long essay" }] });
    expect(message.stop_reason).toBe("max_tokens");
    expect(message.content).toEqual([{ type: "text", text: "Simulated re", citations: null }]);
    expect(message.usage.output_tokens).toBe(3);
  });
});

describe("default tool calls", () => {
  it("calls a tool the user names, with input synthesised from its schema, streamed as JSON deltas", async () => {
    const client = simClient();
    const jsonDeltas: string[] = [];
    const stream = client.messages.stream({
      model: MODEL,
      max_tokens: 256,
      tools: [readFileTool],
      messages: [{ role: "user", content: "Please use read_file with path: notes/todo.md." }],
    });
    stream.on("inputJson", (partial) => jsonDeltas.push(partial));
    const message = await stream.finalMessage();

    expect(message.stop_reason).toBe("tool_use");
    expect(message.content).toHaveLength(1);
    const call = message.content[0];
    expect(call).toMatchObject({ type: "tool_use", name: "read_file", input: { path: "notes/todo.md", limit: 1 } });
    expect(call?.type === "tool_use" && call.id).toMatch(/^toolu_sim_/);
    expect(jsonDeltas.length).toBeGreaterThan(1);
    expect(JSON.parse(jsonDeltas.join(""))).toEqual({ path: "notes/todo.md", limit: 1 });
  });

  it("answers a tool result with a summary naming the tool", async () => {
    const client = simClient();
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      tools: [readFileTool],
      messages: [
        { role: "user", content: "Use read_file on path: a.md" },
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "read_file", input: { path: "a.md", limit: 1 } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: [{ type: "text", text: "hello world" }] }] },
      ],
    });
    expect(message.stop_reason).toBe("end_turn");
    expect(message.content).toEqual([{ type: "text", text: "Simulated reply: the tool `read_file` returned: hello world.", citations: null }]);
  });

  it("forces the named tool whatever the text says, and never calls one under tool_choice none", async () => {
    const client = simClient();
    const grade = {
      name: "record_verdict",
      input_schema: {
        type: "object" as const,
        properties: { verdict: { type: "string", enum: ["pass", "fail"] }, score: { type: "number" }, notes: { type: "string" } },
        required: ["verdict", "score"],
      },
    };
    const forced = await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      tools: [readFileTool, grade],
      tool_choice: { type: "tool", name: "record_verdict" },
      messages: [{ role: "user", content: "Grade this answer; you may read_file if needed." }],
    });
    expect(forced.stop_reason).toBe("tool_use");
    expect(forced.content[0]).toMatchObject({ type: "tool_use", name: "record_verdict", input: { verdict: "pass", score: 1 } });

    const declined = await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      tools: [readFileTool],
      tool_choice: { type: "none" },
      messages: [{ role: "user", content: "Use read_file on path: a.md" }],
    });
    expect(declined.stop_reason).toBe("end_turn");
    expect(declined.content[0]?.type).toBe("text");
  });
});

describe("prompt caching and token counting", () => {
  it("reports a marked prefix as a cache write the first time and a cache read after", async () => {
    const client = simClient();
    const { userId } = freshIdentity();
    const request = {
      model: MODEL,
      max_tokens: 256,
      metadata: { user_id: userId },
      system: [{ type: "text" as const, text: "You are a careful agent. ".repeat(40), cache_control: { type: "ephemeral" as const } }],
      messages: [{ role: "user" as const, content: "Hello" }],
    };
    const first = await client.messages.create(request);
    const second = await client.messages.create(request);
    const { input_tokens: total } = await client.messages.countTokens({ model: MODEL, system: request.system, messages: request.messages });

    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(200);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.input_tokens).toBe(first.usage.input_tokens);
    expect(first.usage.input_tokens + (first.usage.cache_creation_input_tokens ?? 0)).toBe(total);
  });

  it("reports no cache use for a prompt without cache_control", async () => {
    const client = simClient();
    const message = await client.messages.create({ model: MODEL, max_tokens: 64, system: "Be brief.", messages: [{ role: "user", content: "Hi" }] });
    expect(message.usage.cache_creation_input_tokens).toBe(0);
    expect(message.usage.cache_read_input_tokens).toBe(0);
  });
});
