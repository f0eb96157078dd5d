import Anthropic from "@anthropic-ai/sdk";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/api/app";
import { api, createAgent, createEnvironment, lucidClient, newTenantClient } from "../fixtures/lucid";

describe("authentication", () => {
  it("serves /healthz without a key", async () => {
    const response = await api("/healthz", { apiKey: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("rejects a missing or wrong key with authentication_error and a request id", async () => {
    const missing = await api("/v1/agents", { apiKey: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("request-id")).toMatch(/^req_/);
    expect(await missing.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
    await expect(lucidClient("sk-wrong").beta.agents.list()).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it("refuses every request, naming the fix, when the deployment has no admin key configured", async () => {
    const unconfigured = { ...env, LUCID_ADMIN_KEY: undefined };
    for (const key of ["", "lucid-local-admin-key", "test-admin-key"]) {
      const response = await app.fetch(new Request("http://lucid.test/v1/agents", { headers: { "x-api-key": key } }), unconfigured);
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: { type: string; message: string } };
      expect(body.error.type).toBe("authentication_error");
      expect(body.error.message).toContain("LUCID_ADMIN_KEY");
    }
  });

  it("accepts the key as a Bearer token", async () => {
    const response = await api("/v1/agents", { apiKey: null, headers: { authorization: "Bearer test-admin-key" } });
    expect(response.status).toBe(200);
  });
});

describe("tenants and API keys", () => {
  it("shows a new key once, lists it without the secret, and stops accepting it once deleted", async () => {
    const created = await api("/v1/api_keys", { method: "POST", json: { name: "ci" } });
    const key = (await created.json()) as { id: string; key: string; tenant_id: string };
    expect(key.key).toMatch(/^sk-lucid-/);
    const listed = (await (await api("/v1/api_keys")).json()) as { data: Record<string, unknown>[] };
    const entry = listed.data.find((item) => item.id === key.id);
    expect(entry).toMatchObject({ name: "ci", tenant_id: key.tenant_id });
    expect(entry).not.toHaveProperty("key");

    const tenant = lucidClient(key.key);
    await expect(tenant.beta.agents.list()).resolves.toBeDefined();
    await api(`/v1/api_keys/${key.id}`, { method: "DELETE" });
    await expect(tenant.beta.agents.list()).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it("lets only the admin key manage keys", async () => {
    const tenant = await newTenantClient();
    const response = await tenant.post("/v1/api_keys", { body: { name: "sneaky" } }).catch((e: unknown) => e);
    expect(response).toBeInstanceOf(Anthropic.PermissionDeniedError);
  });

  it("never shows one tenant's objects to another", async () => {
    const alice = await newTenantClient("alice");
    const bob = await newTenantClient("bob");
    const agent = await createAgent(alice);
    const environment = await createEnvironment(alice);
    const session = await alice.beta.sessions.create({ agent: agent.id, environment_id: environment.id });

    await expect(bob.beta.agents.retrieve(agent.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(bob.beta.agents.update(agent.id, { name: "mine now" })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(bob.beta.environments.retrieve(environment.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(bob.beta.sessions.retrieve(session.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(bob.beta.sessions.events.list(session.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    const bobsAgents = await bob.beta.agents.list();
    expect(bobsAgents.data.map((item) => item.id)).not.toContain(agent.id);
    const bobsSessions = await bob.beta.sessions.list();
    expect(bobsSessions.data).toHaveLength(0);
  });
});

describe("error bodies", () => {
  it("answers unknown routes and malformed JSON in the Anthropic error shape", async () => {
    const unknown = await api("/v1/nothing-here");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ type: "error", error: { type: "not_found_error" } });

    const malformed = await api("/v1/agents", { method: "POST", body: "{not json", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ type: "error", error: { type: "invalid_request_error", message: "The request body is not valid JSON." } });
  });
});
