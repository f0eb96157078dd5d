// Text the API stores comes back exactly as sent, and cannot drive a terminal or reorder a name: invalid Unicode (a lone
// surrogate, bytes that are not UTF-8) and control or bidirectional formatting characters where they have no place are
// refused with 400 naming the field, before anything is stored.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEFAULT_TENANT } from "../../src/api/app-env";
import { memoryStoreOf } from "../../src/platform/stubs";
import { api, createAgent, lucidClient, MODEL, newTenantClient } from "../fixtures/lucid";

type ErrorBody = { type: string; error: { type: string; message: string } };

/** A JSON body as raw text, so it can hold escapes (`\ud800`) that JSON.stringify would never write. */
function post(path: string, body: string, apiKey?: string) {
  return api(path, { method: "POST", body, headers: { "content-type": "application/json" }, ...(apiKey ? { apiKey } : {}) });
}

async function expectRefused(response: Response, message: RegExp) {
  const body = (await response.json()) as ErrorBody;
  expect({ status: response.status, type: body.error.type }).toEqual({ status: 400, type: "invalid_request_error" });
  expect(body.error.message).toMatch(message);
}

describe("well-formed Unicode", () => {
  it("refuses a lone surrogate in a memory's content or path instead of storing U+FFFD", async () => {
    const client = await newTenantClient("unicode");
    const store = await client.beta.memoryStores.create({ name: "notes" });
    const memories = `/v1/memory_stores/${store.id}/memories`;
    await expectRefused(await post(memories, '{"path":"/a.md","content":"half \\ud800 a pair"}', client.apiKey!), /content: is not well-formed Unicode/);
    await expectRefused(await post(memories, '{"path":"/\\udc00.md","content":"x"}', client.apiKey!), /path: is not well-formed Unicode/);
    expect((await client.beta.memoryStores.memories.list(store.id)).data).toEqual([]);

    // A pair of surrogates is one character, and comes back as it was sent.
    const created = await client.beta.memoryStores.memories.create(store.id, { path: "/emoji.md", content: "ok \ud83d\ude00" });
    expect((await client.beta.memoryStores.memories.retrieve(created.id, { memory_store_id: store.id })).content).toBe("ok 😀");
  });

  it("refuses it too when a session's memory tools write, which no request body reader sees", async () => {
    const { id } = await lucidClient().beta.memoryStores.create({ name: "tool writes" });
    const store = memoryStoreOf(env, id);
    const author = { type: "session" as const, id: "sesn_x" };
    await expect(store.writeMemory(DEFAULT_TENANT, { path: "/a.md", content: "half \ud800", author })).rejects.toMatchObject({
      detail: expect.stringMatching(/content: must be well-formed Unicode/),
    });
    await expect(store.writeMemory(DEFAULT_TENANT, { path: "/\udc00.md", content: "x", author })).rejects.toMatchObject({
      detail: expect.stringMatching(/path: must be well-formed Unicode/),
    });
  });

  it("names the field of an agent's name, an event's text and an object key", async () => {
    await expectRefused(await post("/v1/agents", `{"name":"a\\ud800","model":"${MODEL}"}`), /Invalid request body: name: is not well-formed Unicode/);
    const event = '{"events":[{"type":"user.message","content":[{"type":"text","text":"hi \\udfff"}]}]}';
    await expectRefused(await post("/v1/sessions/sesn_unknown/events", event), /events\.0\.content\.0\.text: is not well-formed Unicode/);
    await expectRefused(await post("/v1/agents", `{"name":"a","model":"${MODEL}","metadata":{"\\ud800":"x"}}`), /metadata\.\S+: is not well-formed Unicode/);
  });

  it("refuses a body that is not UTF-8, JSON or a memory bundle, rather than decoding it leniently", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"name":"caf'), 0xe9, ...new TextEncoder().encode(`","model":"${MODEL}"}`)]);
    await expectRefused(await api("/v1/agents", { method: "POST", body: bytes, headers: { "content-type": "application/json" } }), /not valid UTF-8/);

    const client = await newTenantClient("bundles");
    const store = await client.beta.memoryStores.create({ name: "bundled" });
    const bundle = new Uint8Array([...new TextEncoder().encode("## /a.md\n"), 0xff, 0xfe]);
    const imported = await api(`/v1/memory_stores/${store.id}/import`, {
      method: "POST",
      apiKey: client.apiKey!,
      body: bundle,
      headers: { "content-type": "text/markdown" },
    });
    await expectRefused(imported, /not valid UTF-8/);
  });
});

describe("control and bidirectional formatting characters", () => {
  const client = lucidClient();

  it("refuses them in an agent's name with a message about the agent's name, not its memory store", async () => {
    for (const [name, message] of [
      ["Clear\u001b[2J", /name: must not contain control characters/],
      ["Bell\u0007", /name: must not contain control characters/],
      ["invoice\u202efdp.exe", /name: must not contain bidirectional formatting characters/],
      ["mark\u200f", /name: must not contain bidirectional formatting characters/],
    ] as const) {
      const response = await api("/v1/agents", { method: "POST", json: { name, model: MODEL } });
      const body = (await response.json()) as ErrorBody;
      expect({ status: response.status, type: body.error.type }).toEqual({ status: 400, type: "invalid_request_error" });
      expect(body.error.message).toMatch(/^Invalid request body: name:/);
      expect(body.error.message).toMatch(message);
    }
  });

  it("refuses controls in names, titles and metadata, and all but tab and line breaks in free text", async () => {
    const cases: [string, string, unknown, RegExp][] = [
      [
        "agent description",
        "/v1/agents",
        { name: "a", model: MODEL, description: "nul\u0000" },
        /description: must not contain control characters other than tab/,
      ],
      [
        "system prompt",
        "/v1/agents",
        { name: "a", model: MODEL, system: "Be terse.\u001b]0;owned\u0007" },
        /system: must not contain control characters other than tab/,
      ],
      ["metadata value", "/v1/agents", { name: "a", model: MODEL, metadata: { team: "le\u0000gal" } }, /metadata\.team: must not contain control characters/],
      ["metadata key", "/v1/agents", { name: "a", model: MODEL, metadata: { "\u2066team": "legal" } }, /must not contain bidirectional formatting characters/],
      ["store name", "/v1/memory_stores", { name: "notes\u202e" }, /name: must not contain bidirectional/],
      [
        "store description",
        "/v1/memory_stores",
        { name: "notes", description: "esc\u001b[31m" },
        /description: must not contain control characters other than tab/,
      ],
      ["environment name", "/v1/environments", { name: "env\u0008" }, /name: must not contain control characters/],
      [
        "session title",
        "/v1/sessions",
        { agent: "agent_unknown", environment_id: "env_unknown", title: "Intake\u001b[2J" },
        /title: must not contain control characters/,
      ],
      [
        "user message",
        "/v1/sessions/sesn_unknown/events",
        { events: [{ type: "user.message", content: [{ type: "text", text: "hi\u001b[2J" }] }] },
        /text: must not contain control characters other than tab/,
      ],
      [
        "webhook name",
        "/v1/webhooks",
        { url: "https://example.com/hook", enabled_events: ["session.status_idled"], name: "hook\u0000" },
        /name: must not contain control characters/,
      ],
    ];
    for (const [what, path, body, message] of cases) {
      const response = await api(path, { method: "POST", json: body });
      const error = (await response.json()) as ErrorBody;
      expect({ what, status: response.status }).toEqual({ what, status: 400 });
      expect(error.error.message, what).toMatch(message);
    }
    expect((await client.beta.agents.list()).data.map((agent) => agent.name)).not.toContain("a");
  });

  it("keeps tabs and line breaks in free text and stores it exactly", async () => {
    const system = "Rules:\n\t1. Be terse.\r\n\t2. Cite sources.";
    const agent = await createAgent(client, { name: "Plain name", system, description: "Line one\nLine two" });
    expect((await client.beta.agents.retrieve(agent.id)).system).toBe(system);
  });
});
