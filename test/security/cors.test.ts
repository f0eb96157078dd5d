// CORS: browsers may call the API only from origins in LUCID_CORS_ORIGINS; servers and same-origin pages are unaffected.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/api/app";
import { ADMIN_KEY, api, createAgent, createEnvironment, lucidClient, newTenantClient } from "../fixtures/lucid";

const DASHBOARD = "https://dashboard.example.com";
const configured = { ...env, LUCID_CORS_ORIGINS: " https://Dashboard.example.com/ ,https://other.example.com" };

function fetchWithCors(path: string, init: RequestInit = {}) {
  return app.fetch(new Request(`http://lucid.test${path}`, init), configured);
}

async function expectRefused(response: Response, origin: string) {
  expect(response.status).toBe(403);
  expect(response.headers.get("access-control-allow-origin")).toBeNull();
  const body = (await response.json()) as { error: { type: string; message: string } };
  expect(body.error.type).toBe("permission_error");
  expect(body.error.message).toContain("LUCID_CORS_ORIGINS");
  expect(body.error.message).toContain(origin);
}

describe("CORS", () => {
  it("leaves requests without an Origin, and same-origin requests, as they were", async () => {
    const plain = await api("/v1/agents");
    expect(plain.status).toBe(200);
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
    const sameOrigin = await api("/v1/agents", { headers: { origin: "http://lucid.test" } });
    expect(sameOrigin.status).toBe(200);
  });

  it("refuses a foreign origin by default, with the admin key or a tenant key, before looking at the key", async () => {
    await expectRefused(await api("/v1/agents", { headers: { origin: DASHBOARD } }), DASHBOARD);
    const tenant = await newTenantClient("browser");
    await expectRefused(await api("/v1/agents", { apiKey: tenant.apiKey, headers: { origin: DASHBOARD } }), DASHBOARD);
    await expectRefused(await api("/v1/agents", { apiKey: "sk-wrong", headers: { origin: "null" } }), "null");
    const preflight = await api("/v1/agents", {
      method: "OPTIONS",
      apiKey: null,
      headers: { origin: DASHBOARD, "access-control-request-method": "POST", "access-control-request-headers": "x-api-key" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-headers")).toBeNull();
  });

  it("answers an allowed origin's preflight with the methods and headers the API uses", async () => {
    const preflight = await fetchWithCors("/v1/agents", {
      method: "OPTIONS",
      headers: { origin: DASHBOARD, "access-control-request-method": "POST", "access-control-request-headers": "x-api-key, content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(DASHBOARD);
    expect(preflight.headers.get("vary")).toContain("Origin");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("DELETE");
    const allowedHeaders = preflight.headers.get("access-control-allow-headers")!.split(/,\s*/);
    expect(allowedHeaders).toEqual(expect.arrayContaining(["x-api-key", "authorization", "content-type", "anthropic-version", "anthropic-beta"]));
  });

  it("gives an allowed origin's requests, errors included, CORS headers that expose request-id", async () => {
    const ok = await fetchWithCors("/v1/agents", { headers: { origin: DASHBOARD, "x-api-key": ADMIN_KEY } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(DASHBOARD);
    expect(ok.headers.get("access-control-expose-headers")).toContain("request-id");
    expect(ok.headers.get("request-id")).toMatch(/^req_/);

    const unauthenticated = await fetchWithCors("/v1/agents", { headers: { origin: "https://other.example.com" } });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("access-control-allow-origin")).toBe("https://other.example.com");

    // Only listed origins: a look-alike is still refused.
    const lookAlike = "https://dashboard.example.com.evil.example";
    await expectRefused(await fetchWithCors("/v1/agents", { headers: { origin: lookAlike, "x-api-key": ADMIN_KEY } }), lookAlike);
  });

  it("adds CORS headers to a session's event stream, which a Durable Object answers", async () => {
    const admin = lucidClient();
    const agent = await createAgent(admin);
    const environment = await createEnvironment(admin);
    const session = await admin.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
    const stream = await fetchWithCors(`/v1/sessions/${session.id}/events/stream`, { headers: { origin: DASHBOARD, "x-api-key": ADMIN_KEY } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    expect(stream.headers.get("access-control-allow-origin")).toBe(DASHBOARD);
    await stream.body!.cancel();
  });
});
