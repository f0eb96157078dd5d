// WebSocket sign-in by subprotocol: `lucid.key.<key>` beside `lucid.v1` authenticates a stream upgrade (browsers
// cannot set headers on a WebSocket); the answer names lucid.v1 only, and tenants stay apart.
import { describe, expect, it } from "vitest";
import { app } from "../../src/api/app";
import { isSessionStreamPath } from "../../src/api/session-stream";
import { keyFromWebSocketProtocols } from "../../src/api/websocket-protocol";
import { api, createAgent, createEnvironment, lucidClient, newTenantClient } from "../fixtures/lucid";

async function sessionOf(client = lucidClient()) {
  const agent = await createAgent(client);
  const environment = await createEnvironment(client);
  return client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
}

async function newTenantKey(): Promise<string> {
  const response = await api("/v1/api_keys", { method: "POST", json: { name: "websocket sign-in" } });
  return ((await response.json()) as { key: string }).key;
}

const upgrade = (path: string, protocols: string, headers: Record<string, string> = {}) =>
  api(path, { apiKey: null, headers: { upgrade: "websocket", "sec-websocket-protocol": protocols, ...headers } });

describe("WebSocket sign-in by subprotocol", () => {
  it("opens a stream with the key as a subprotocol and answers lucid.v1 only", async () => {
    const key = await newTenantKey();
    const session = await sessionOf(lucidClient(key));
    const response = await upgrade(`/v1/sessions/${session.id}/events/stream`, `lucid.v1, lucid.key.${key}`);
    expect(response.status).toBe(101);
    expect(response.headers.get("sec-websocket-protocol")).toBe("lucid.v1");
    response.webSocket!.accept();
    response.webSocket!.close();
  });

  it("refuses a wrong key", async () => {
    const session = await sessionOf();
    const response = await upgrade(`/v1/sessions/${session.id}/events/stream`, "lucid.v1, lucid.key.sk-lucid-tnt_0000000000000000.apikey_0.wrong");
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { type: "authentication_error" } });
  });

  it("keeps tenants apart: another tenant's key cannot open the stream", async () => {
    const session = await sessionOf(await newTenantClient());
    const response = await upgrade(`/v1/sessions/${session.id}/events/stream`, `lucid.v1, lucid.key.${await newTenantKey()}`);
    expect(response.status).toBe(404);
  });

  it("accepts the key subprotocol on WebSocket upgrades only", async () => {
    const key = await newTenantKey();
    const response = await api("/v1/agents", { apiKey: null, headers: { "sec-websocket-protocol": `lucid.v1, lucid.key.${key}` } });
    expect(response.status).toBe(401);
    expect(keyFromWebSocketProtocols(new Headers({ "sec-websocket-protocol": `lucid.key.${key}` }))).toBeNull();
    expect(keyFromWebSocketProtocols(new Headers({ upgrade: "websocket", "sec-websocket-protocol": `lucid.v1, lucid.key.${key}` }))).toBe(key);
  });

  it("takes the key subprotocol on stream routes only, even with an upgrade header elsewhere", async () => {
    const key = await newTenantKey();
    const session = await sessionOf(lucidClient(key));
    for (const path of ["/v1/agents", `/v1/sessions/${session.id}`, `/v1/sessions/${session.id}/events`, "/v1/api_keys"]) {
      const response = await upgrade(path, `lucid.v1, lucid.key.${key}`);
      expect(response.status, path).toBe(401);
      expect(await response.json()).toMatchObject({ error: { type: "authentication_error" } });
    }
    const stream = await upgrade(`/v1/sessions/${session.id}/events/stream`, `lucid.v1, lucid.key.${key}`);
    expect(stream.status).toBe(101);
    stream.webSocket!.accept();
    stream.webSocket!.close();
  });

  it("knows every stream route (the only routes that serve WebSockets) and no other", () => {
    const paths = [...new Set(app.routes.map((route) => route.path))];
    expect(paths.filter((path) => path.endsWith("/stream"))).toHaveLength(2);
    for (const path of paths) expect(isSessionStreamPath(path.replaceAll(/:\w+/g, "id_1")), path).toBe(path.endsWith("/stream"));
  });

  it("still takes keys in headers, and names no protocol the client did not offer", async () => {
    const session = await sessionOf();
    const response = await api(`/v1/sessions/${session.id}/events/stream`, { headers: { upgrade: "websocket" } });
    expect(response.status).toBe(101);
    expect(response.headers.get("sec-websocket-protocol")).toBeNull();
    response.webSocket!.accept();
    response.webSocket!.close();
  });
});
