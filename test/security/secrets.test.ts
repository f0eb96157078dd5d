// Secrets never leave: the admin key, tenant keys after creation, webhook signing secrets after creation and
// ANTHROPIC_API_KEY appear in no response, session event, export, webhook delivery or log line.
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Env } from "../../src/env";
import { classifyModelError } from "../../src/model/model-error";
import { createModelClient, streamModelReply } from "../../src/model/model-client";
import { ADMIN_KEY, MODEL, allEvents, api, createAgent, lucidClient, waitForStatus, startSession } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";
import { createEndpoint, newInbox, received, receivedAtLeast } from "../fixtures/webhooks";

/** Everything written to the console while a test runs (Durable Objects run in this isolate, so theirs too). */
let logged: string[] = [];
beforeEach(() => {
  logged = [];
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((arg) => (arg instanceof Error ? `${arg.message}\n${arg.stack}` : typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "));
    });
  }
});
afterEach(() => vi.restoreAllMocks());

function expectNoSecret(where: string, text: string, secrets: string[]) {
  for (const secret of secrets) expect(text.includes(secret), `${where} contains a secret`).toBe(false);
}

/** A response's status line, headers and body, as one text to search. */
async function exposed(response: Response): Promise<string> {
  return `${response.status}\n${[...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n")}\n${await response.text()}`;
}

describe("secrets", () => {
  it("never shows keys or signing secrets after their creation: responses, events, exports, deliveries, logs", async () => {
    const created = (await (await api("/v1/api_keys", { method: "POST", json: { name: "secretive" } })).json()) as { id: string; key: string };
    const tenantKey = created.key;
    const tenant = lucidClient(tenantKey);
    const inbox = newInbox("secrets");
    const endpoint = await createEndpoint(inbox, ["session.status_idled"], tenantKey);
    const rotated = (await (await api(`/v1/webhooks/${endpoint.id}/regenerate_signing_secret`, { method: "POST", apiKey: tenantKey, json: {} })).json()) as {
      signing_secret: string;
    };
    expect(rotated.signing_secret).toMatch(/^whsec_/);
    const secrets = [ADMIN_KEY, tenantKey, tenantKey.split(".").at(-1)!, endpoint.signing_secret, rotated.signing_secret];
    for (const secret of secrets.slice(3)) secrets.push(secret.slice("whsec_".length));

    const agent = await createAgent(tenant, { memory: { reflection: false } });
    await scriptReplies(agent.id, [textReply("Noted.")]);
    const session = await startSession(tenant, agent.id, "Remember the plan.");
    await waitForStatus(tenant, session.id, ["idle"]);
    const stores = (await (await api("/v1/memory_stores", { apiKey: tenantKey })).json()) as { data: { id: string }[] };
    expect(stores.data.length).toBeGreaterThan(0);

    const reads = [
      "/v1/api_keys",
      `/v1/agents/${agent.id}`,
      `/v1/agents/${agent.id}/export`,
      `/v1/sessions/${session.id}`,
      `/v1/sessions/${session.id}/events`,
      `/v1/webhooks`,
      `/v1/webhooks/${endpoint.id}`,
      `/v1/webhooks/${endpoint.id}/deliveries`,
      ...stores.data.map((store) => `/v1/memory_stores/${store.id}/export`),
    ];
    for (const path of reads) {
      const response = await api(path, { apiKey: path === "/v1/api_keys" ? ADMIN_KEY : tenantKey });
      expect(response.status, path).toBe(200);
      expectNoSecret(path, await exposed(response), secrets);
    }
    const refused = await api("/v1/agents", { apiKey: tenantKey.slice(0, -1) + (tenantKey.endsWith("a") ? "b" : "a") });
    expect(refused.status).toBe(401);
    expectNoSecret("a refused key's answer", await exposed(refused), secrets);

    expectNoSecret("session events", JSON.stringify(await allEvents(tenant, session.id)), secrets);
    await receivedAtLeast(inbox, 1);
    expectNoSecret("webhook deliveries", JSON.stringify(await received(inbox)), secrets);
    expectNoSecret("console output", logged.join("\n"), secrets);
  });

  it("never echoes ANTHROPIC_API_KEY in a model error, even when the upstream echoes it back", async () => {
    const apiKey = "sk-ant-api03-secret-test-key-do-not-echo";
    const sentKeys: string[] = [];
    // An upstream that repeats the key it was sent: the worst a Messages-compatible proxy could do.
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const headers = new Request(input, init).headers;
      const sent = headers.get("x-api-key") ?? headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
      sentKeys.push(sent);
      const body = { type: "error", error: { type: "authentication_error", message: `invalid x-api-key: ${sent}` } };
      return new Response(JSON.stringify(body), { status: 401, headers: { "content-type": "application/json" } });
    });
    const client = createModelClient({ ...env, ANTHROPIC_API_KEY: apiKey, ANTHROPIC_BASE_URL: "https://models.example.com" } as Env);
    const request = { model: MODEL, max_tokens: 16, messages: [{ role: "user" as const, content: "hi" }] };
    const error = await streamModelReply(client, request, new AbortController().signal, { onTextStart() {}, onTextDelta() {} }).catch((e: unknown) => e);
    expect(sentKeys).toEqual([apiKey]);
    const failure = classifyModelError(error);
    expect(failure.kind, JSON.stringify(failure) + String(error)).toBe("terminal");
    expectNoSecret("the classified model error", JSON.stringify(failure), [apiKey]);
    expectNoSecret("console output", logged.join("\n"), [apiKey]);
  });
});
