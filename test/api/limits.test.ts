// Every documented size limit: a request just over it is refused with the documented status, type and a message naming it.
import { describe, expect, it } from "vitest";
import {
  MAX_CONTENT_BLOCKS,
  MAX_CREDENTIAL_FIELD_CHARS,
  MAX_CREDENTIAL_SECRET_CHARS,
  MAX_CREDENTIALS_PER_VAULT,
  MAX_EVENTS_PER_SEND,
  MAX_JSON_BODY_BYTES,
  MAX_JSON_DEPTH,
  MAX_LIST_FILTER_VALUES,
  MAX_MEMORY_CONTENT_BYTES,
  MAX_EVENT_PAGE_LIMIT,
  MAX_PAGE_LIMIT,
  MAX_TEXT_BLOCK_CHARS,
  MAX_TOOL_RESULT_CHARS,
  MAX_TOOLS_PER_AGENT,
  MAX_UPLOAD_BODY_BYTES,
  MAX_WORKSPACE_FILE_BYTES,
} from "../../src/schemas/limits";
import { api, createAgent, createEnvironment, lucidClient } from "../fixtures/lucid";

const client = lucidClient();

type ErrorBody = { type: string; error: { type: string; message: string } };

async function expectError(response: Response, status: number, type: string, message: RegExp) {
  const body = (await response.json()) as ErrorBody;
  expect({ status: response.status, type: body.type, errorType: body.error.type }).toEqual({ status, type: "error", errorType: type });
  expect(body.error.message).toMatch(message);
  expect(response.headers.get("request-id")).toMatch(/^req_/);
}

/** A body streamed in chunks with no Content-Length, as a chunked upload arrives. */
function streamedBody(totalBytes: number, chunkBytes = 64 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const size = Math.min(chunkBytes, totalBytes - sent);
      controller.enqueue(new Uint8Array(size).fill(0x20));
      sent += size;
    },
  });
}

async function newSession() {
  const agent = await createAgent(client);
  const environment = await createEnvironment(client);
  return client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
}

const sendEvents = (sessionId: string, events: unknown[]) => api(`/v1/sessions/${sessionId}/events`, { method: "POST", json: { events } });
const userMessage = (text: string) => ({ type: "user.message", content: [{ type: "text", text }] });

describe("request body size", () => {
  it("refuses a JSON body over 1 MiB declared by Content-Length, before the route reads it", async () => {
    const body = JSON.stringify({ name: "x".repeat(MAX_JSON_BODY_BYTES) });
    const response = await api("/v1/agents", { method: "POST", body, headers: { "content-type": "application/json" } });
    await expectError(
      response,
      413,
      "request_too_large",
      new RegExp(`${body.length} bytes; this route accepts at most 1 MiB \\(${MAX_JSON_BODY_BYTES} bytes\\)`),
    );
  });

  it("counts a streamed body without Content-Length and refuses it once it passes the limit", async () => {
    const response = await api("/v1/agents", {
      method: "POST",
      body: streamedBody(MAX_JSON_BODY_BYTES + 1),
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    await expectError(response, 413, "request_too_large", /more than 1048576 bytes; this route accepts at most 1 MiB/);
  });

  it("lets a streamed body at the limit through to the route", async () => {
    const response = await api("/v1/agents", {
      method: "POST",
      body: streamedBody(MAX_JSON_BODY_BYTES),
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    // Only spaces: the route reads it as an empty body and names the missing fields.
    await expectError(response, 400, "invalid_request_error", /name/);
  });

  it("takes uploads larger than the JSON limit and refuses them over the upload limit", async () => {
    const session = await newSession();
    const filesUrl = `/v1/sessions/${session.id}/workspace/files/big.bin`;
    const big = await api(filesUrl, { method: "PUT", body: new Uint8Array(MAX_JSON_BODY_BYTES * 2), headers: { "content-type": "application/octet-stream" } });
    expect(big.status).toBe(201);
    expect(MAX_UPLOAD_BODY_BYTES).toBe(MAX_WORKSPACE_FILE_BYTES);
    const tooBig = await api(filesUrl, {
      method: "PUT",
      body: streamedBody(MAX_UPLOAD_BODY_BYTES + 1, 1024 * 1024),
      headers: { "content-type": "application/octet-stream" },
      duplex: "half",
    } as RequestInit);
    await expectError(tooBig, 413, "request_too_large", /at most 25 MiB/);
    const kept = await api(`${filesUrl}?view=metadata`);
    expect(((await kept.json()) as { size_bytes: number }).size_bytes).toBe(MAX_JSON_BODY_BYTES * 2);
  });

  it("reads an agent archive larger than the JSON limit (its own limit), judging it by its content", async () => {
    const archive = `${JSON.stringify({ type: "lucid.agent_archive", padding: "x".repeat(MAX_JSON_BODY_BYTES * 2) })}\n`;
    const response = await api("/v1/agents/import", { method: "POST", body: archive, headers: { "content-type": "application/x-ndjson" } });
    // Past the body limit: the archive reader refuses the line for what it is, not for its size.
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
  });
});

describe("JSON nesting", () => {
  it("refuses JSON nested deeper than allowed, even inside fields that take any JSON", async () => {
    const nested = (depth: number) => JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`) as unknown;
    const tool = (schemaDepth: number) => ({
      type: "custom",
      name: "deep",
      description: "d",
      input_schema: { type: "object", properties: { p: nested(schemaDepth) } },
    });
    // The body itself is 1 deep, the tools list 2, the tool 3, input_schema 4 and properties 5.
    const atLimit = await api("/v1/agents", { method: "POST", json: { name: "deep", model: "claude-sonnet-5-5", tools: [tool(MAX_JSON_DEPTH - 5)] } });
    expect(atLimit.status).toBe(200);
    const tooDeep = await api("/v1/agents", { method: "POST", json: { name: "deep", model: "claude-sonnet-5-5", tools: [tool(5_000)] } });
    await expectError(tooDeep, 400, "invalid_request_error", new RegExp(`nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`));
  });
});

describe("content type of JSON routes", () => {
  it("refuses a body sent under a non-JSON content type, naming the one to use", async () => {
    const body = JSON.stringify({ name: "typed wrong" });
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const response = await api("/v1/environments", { method: "POST", body, headers: { "content-type": contentType } });
      await expectError(response, 400, "invalid_request_error", /send the body as JSON with 'Content-Type: application\/json'/);
    }
    expect((await client.beta.environments.list()).data.map((environment) => environment.name)).not.toContain("typed wrong");
  });

  it("accepts JSON with no content type, and JSON types with parameters or a +json suffix", async () => {
    const headers = [undefined, "application/json; charset=utf-8", "application/merge-patch+json"];
    for (const contentType of headers) {
      // A Blob body carries no content type of its own, so the request has exactly the header given here.
      const body = new Blob([JSON.stringify({ name: `typed ${contentType ?? "none"}` })]);
      const response = await api("/v1/environments", { method: "POST", body, headers: contentType ? { "content-type": contentType } : {} });
      expect(response.status).toBe(200);
    }
  });
});

describe("schema limits", () => {
  it("refuses more events in one send than allowed", async () => {
    const session = await newSession();
    const events = Array.from({ length: MAX_EVENTS_PER_SEND + 1 }, (_, index) => userMessage(`message ${index}`));
    await expectError(
      await sendEvents(session.id, events),
      400,
      "invalid_request_error",
      new RegExp(`at most ${MAX_EVENTS_PER_SEND} events can be sent at once`),
    );
  });

  it("refuses a text block over its character limit and a message with too many blocks", async () => {
    const session = await newSession();
    const long = await sendEvents(session.id, [userMessage("x".repeat(MAX_TEXT_BLOCK_CHARS + 1))]);
    await expectError(long, 400, "invalid_request_error", new RegExp(`a text block holds at most ${MAX_TEXT_BLOCK_CHARS} characters`));
    const blocks = Array.from({ length: MAX_CONTENT_BLOCKS + 1 }, () => ({ type: "text", text: "b" }));
    const many = await sendEvents(session.id, [{ type: "user.message", content: blocks }]);
    await expectError(many, 400, "invalid_request_error", new RegExp(`at most ${MAX_CONTENT_BLOCKS} content blocks are allowed`));
    const events = (await client.beta.sessions.events.list(session.id)).data;
    expect(events.filter((event) => event.type === "user.message")).toHaveLength(0);
  });

  it("refuses a custom tool result over its size limit", async () => {
    const session = await newSession();
    const half = "r".repeat(MAX_TOOL_RESULT_CHARS / 2);
    const result = {
      type: "user.custom_tool_result",
      custom_tool_use_id: "sevt_x",
      content: [
        { type: "text", text: half },
        { type: "text", text: `${half}!` },
      ],
    };
    await expectError(
      await sendEvents(session.id, [result]),
      400,
      "invalid_request_error",
      new RegExp(`a tool result holds at most ${MAX_TOOL_RESULT_CHARS} characters of text`),
    );
  });

  it("refuses memory content over 100 kB as request_too_large", async () => {
    const store = await client.beta.memoryStores.create({ name: "limits" });
    const response = await api(`/v1/memory_stores/${store.id}/memories`, {
      method: "POST",
      json: { path: "/big.md", content: "m".repeat(MAX_MEMORY_CONTENT_BYTES + 1) },
    });
    await expectError(response, 413, "request_too_large", /a memory holds at most 102,400 bytes/);
  });

  it("refuses a vault credential's secret or URL over its limit, and credentials past a vault's limit", async () => {
    const vault = await client.beta.vaults.create({ display_name: "limits" });
    const credentials = `/v1/vaults/${vault.id}/credentials`;
    const bearer = (token: string, url = "https://mcp.example.com/sse") => ({ auth: { type: "static_bearer", mcp_server_url: url, token } });
    await expectError(
      await api(credentials, { method: "POST", json: bearer("t".repeat(MAX_CREDENTIAL_SECRET_CHARS + 1)) }),
      400,
      "invalid_request_error",
      new RegExp(`auth.token: a credential's secret holds at most ${MAX_CREDENTIAL_SECRET_CHARS} characters`),
    );
    const longUrl = `https://mcp.example.com/${"p".repeat(MAX_CREDENTIAL_FIELD_CHARS)}`;
    await expectError(
      await api(credentials, { method: "POST", json: bearer("t", longUrl) }),
      400,
      "invalid_request_error",
      new RegExp(`auth.mcp_server_url: holds at most ${MAX_CREDENTIAL_FIELD_CHARS} characters`),
    );
    expect((await api(credentials, { method: "POST", json: bearer("t".repeat(MAX_CREDENTIAL_SECRET_CHARS)) })).status).toBe(200);
    for (let i = 1; i < MAX_CREDENTIALS_PER_VAULT; i++) expect((await api(credentials, { method: "POST", json: bearer(`t${i}`) })).status).toBe(200);
    await expectError(
      await api(credentials, { method: "POST", json: bearer("one too many") }),
      400,
      "invalid_request_error",
      new RegExp(`holds ${MAX_CREDENTIALS_PER_VAULT} credentials, its limit`),
    );
  });

  it("refuses an agent with more tools than allowed", async () => {
    const tools = Array.from({ length: MAX_TOOLS_PER_AGENT + 1 }, (_, index) => ({
      type: "custom",
      name: `tool_${index}`,
      description: "a tool",
      input_schema: { type: "object" },
    }));
    const response = await api("/v1/agents", { method: "POST", json: { name: "toolful", model: "claude-sonnet-5-5", tools } });
    await expectError(response, 400, "invalid_request_error", new RegExp(`an agent has at most ${MAX_TOOLS_PER_AGENT} tools`));
  });

  it("refuses a page larger than allowed and too many filter values on the events list", async () => {
    const session = await newSession();
    // The events list takes the 1,000 the SDK's EnvironmentWorker asks for when it reads a session's history.
    await expectError(
      await api(`/v1/sessions/${session.id}/events?limit=${MAX_EVENT_PAGE_LIMIT + 1}`),
      400,
      "invalid_request_error",
      new RegExp(`limit: a page holds at most ${MAX_EVENT_PAGE_LIMIT} events`),
    );
    expect((await api(`/v1/sessions/${session.id}/events?limit=${MAX_EVENT_PAGE_LIMIT}`)).status).toBe(200);
    await expectError(
      await api(`/v1/agents?limit=${MAX_PAGE_LIMIT + 1}`),
      400,
      "invalid_request_error",
      new RegExp(`a page holds at most ${MAX_PAGE_LIMIT} items`),
    );
    const types = Array.from({ length: MAX_LIST_FILTER_VALUES + 1 }, (_, index) => `types[]=type.${index}`).join("&");
    await expectError(
      await api(`/v1/sessions/${session.id}/events?${types}`),
      400,
      "invalid_request_error",
      new RegExp(`at most ${MAX_LIST_FILTER_VALUES} types can be given`),
    );
  });
});
