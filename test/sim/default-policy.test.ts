// The default policy as a pure function: which branch answers, and how tool inputs are synthesised.
import { describe, expect, it } from "vitest";
import { defaultReply } from "../../src/sim/default-policy";
import { MessagesRequest } from "../../src/sim/request-schema";

const request = (fields: Record<string, unknown>) => MessagesRequest.parse({ model: "m", max_tokens: 100, ...fields });
const ask = (text: string, fields: Record<string, unknown> = {}) => defaultReply(request({ messages: [{ role: "user", content: text }], ...fields }));

const tool = (name: string, properties: Record<string, unknown>, required: string[]) => ({ name, input_schema: { type: "object", properties, required } });
const writeNote = tool(
  "write_note",
  {
    title: { type: "string" },
    body: { type: ["string", "null"] },
    tags: { type: "array" },
    meta: { type: "object" },
    draft: { type: "boolean" },
    mood: { enum: ["calm", "busy"] },
    extra: { type: "string" },
  },
  ["title", "body", "tags", "meta", "draft", "mood"],
);

describe("tool inputs", () => {
  it("fills each required property with a value of its type, taking stated values from the text", () => {
    const reply = ask('Please write_note with title: "Weekly plan", body=draft.md, mood: busy.', { tools: [writeNote] });
    expect(reply.content).toEqual([
      { type: "tool_use", name: "write_note", input: { title: "Weekly plan", body: "draft.md", tags: [], meta: {}, draft: true, mood: "busy" } },
    ]);
  });

  it("adds the optional string properties the text states, and leaves the others out (bash's command)", () => {
    const bash = tool("bash", { command: { type: "string" }, restart: { type: "boolean" }, timeout_ms: { type: "integer" } }, []);
    expect(ask('Use the tool bash with command: "echo hi > out.txt"', { tools: [bash] }).content[0]).toMatchObject({ input: { command: "echo hi > out.txt" } });
    expect(ask("Use the tool bash now", { tools: [bash] }).content[0]).toMatchObject({ input: {} });
    const note = ask('write_note with title: "A", extra: "more"', { tools: [writeNote] }).content[0] as { input: Record<string, unknown> };
    expect(note.input.extra).toBe("more");
  });

  it("takes a URL stated in the text whole, query included, without the sentence's closing punctuation (web_fetch's url)", () => {
    const webFetch = tool("web_fetch", { url: { type: "string" } }, ["url"]);
    expect(ask("Use the tool web_fetch with url: https://docs.example.com/guide?page=2&lang=en.", { tools: [webFetch] }).content[0]).toMatchObject({
      name: "web_fetch",
      input: { url: "https://docs.example.com/guide?page=2&lang=en" },
    });
    expect(ask('Use the tool web_fetch with url: "https://example.com/a b"', { tools: [webFetch] }).content[0]).toMatchObject({
      input: { url: "https://example.com/a b" },
    });
  });

  it("uses placeholders when the text states nothing, and the first enum value when it states something else", () => {
    const reply = ask("write_note now, mood: angry", { tools: [writeNote] });
    expect(reply.content[0]).toMatchObject({ input: { title: "example", body: "example", mood: "calm" } });
  });

  it("matches tool names as whole words only, ignoring case", () => {
    const tools = [tool("read", {}, []), tool("read_file", {}, [])];
    expect(ask("Call READ_FILE please", { tools }).content[0]).toMatchObject({ type: "tool_use", name: "read_file" });
    expect(ask("I already read_files", { tools }).content[0]?.type).toBe("text");
  });

  it("matches an MCP tool, declared as <server>__<tool>, by its tool part as the server names it", () => {
    const tools = [tool("cases__lookup_case", { case_id: { type: "string" } }, ["case_id"])];
    expect(ask("Use the tool lookup_case with case_id: C-7", { tools }).content[0]).toMatchObject({ name: "cases__lookup_case", input: { case_id: "C-7" } });
    expect(ask("Use cases__lookup_case with case_id: C-8", { tools }).content[0]).toMatchObject({ name: "cases__lookup_case" });
    expect(ask("Look up the case", { tools }).content[0]?.type).toBe("text");
  });

  it("under tool_choice any, calls the tool the text names, else the first", () => {
    const tools = [tool("alpha", {}, []), tool("beta", {}, [])];
    expect(ask("use beta", { tools, tool_choice: { type: "any" } }).content[0]).toMatchObject({ name: "beta" });
    expect(ask("anything", { tools, tool_choice: { type: "any" } }).content[0]).toMatchObject({ name: "alpha" });
  });
});

describe("tool results", () => {
  it("summarises each result on its own line, reporting errors as failures", () => {
    const reply = defaultReply(
      request({
        tools: [tool("lookup", {}, [])],
        messages: [
          { role: "user", content: "lookup twice" },
          {
            role: "assistant",
            content: [
              { type: "tool_use", id: "t1", name: "lookup", input: {} },
              { type: "tool_use", id: "t2", name: "lookup", input: {} },
            ],
          },
          {
            role: "user",
            content: [
              { type: "tool_result", tool_use_id: "t1", content: "found it" },
              { type: "tool_result", tool_use_id: "t2", content: "timeout", is_error: true },
              { type: "text", text: "and lookup again?" },
            ],
          },
        ],
      }),
    );
    expect(reply.content).toEqual([
      { type: "text", text: "Simulated reply: the tool `lookup` returned: found it.\nSimulated reply: the tool `lookup` failed with: timeout." },
    ]);
  });
});
