// Environment keys (Lucid extension): created for a live self-hosted environment only, shown once, listed without a
// secret, revoked by delete and by archiving or deleting the environment (whose type never changes); a key reaches only its own
// environment's work queue.
import type Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import type { CreatedEnvironmentKey, EnvironmentKey } from "../../src/schemas/environment-key";
import { api, newTenantClient } from "../fixtures/lucid";

type ErrorBody = { type: string; error: { type: string; message: string } };

async function selfHosted(client: Anthropic, name = "my machine") {
  return client.beta.environments.create({ name, config: { type: "self_hosted" } });
}

async function createKey(environmentId: string, apiKey: string) {
  const response = await api(`/v1/environments/${environmentId}/keys`, { method: "POST", apiKey });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as CreatedEnvironmentKey;
}

async function listKeys(environmentId: string, apiKey: string, query = "") {
  const response = await api(`/v1/environments/${environmentId}/keys${query}`, { apiKey });
  expect(response.status).toBe(200);
  return (await response.json()) as { data: EnvironmentKey[]; next_page: string | null };
}

/** A tenant of its own: its SDK client and its API key. */
async function tenant() {
  const client = await newTenantClient("environment keys");
  return { client, key: client.apiKey! };
}

describe("environment keys", () => {
  it("creates a key shown once, lists keys without secrets page by page, and revokes one", async () => {
    const { client, key } = await tenant();
    const environment = await selfHosted(client);
    expect(environment.config).toEqual({ type: "self_hosted" });

    const first = await createKey(environment.id, key);
    const tenantId = key.split(".")[0]!.slice("sk-lucid-".length);
    expect(first).toEqual({
      id: expect.stringMatching(/^envkey_[0-9a-z]{24}$/),
      type: "environment_key",
      environment_id: environment.id,
      key: expect.stringMatching(new RegExp(`^sk-lucid-${tenantId}\\.${first.id}\\.[0-9a-z]{40}$`)),
      created_at: expect.any(String),
    });
    const second = await createKey(environment.id, key);
    expect(second.key).not.toBe(first.key);

    const firstPage = await listKeys(environment.id, key, "?limit=1");
    expect(firstPage.data).toHaveLength(1);
    expect(firstPage.next_page).not.toBeNull();
    const secondPage = await listKeys(environment.id, key, `?limit=1&page=${firstPage.next_page}`);
    const listed = [...firstPage.data, ...secondPage.data];
    expect(listed.map((item) => item.id).sort()).toEqual([first.id, second.id].sort());
    const { key: _shownOnce, ...firstListed } = first;
    expect(listed).toContainEqual(firstListed);
    const text = JSON.stringify(listed);
    for (const created of [first, second]) expect(text).not.toContain(created.key.split(".").at(-1));

    const deleted = await api(`/v1/environments/${environment.id}/keys/${first.id}`, { method: "DELETE", apiKey: key });
    expect(await deleted.json()).toEqual({ id: first.id, type: "environment_key_deleted" });
    expect((await listKeys(environment.id, key)).data.map((item) => item.id)).toEqual([second.id]);
    const again = await api(`/v1/environments/${environment.id}/keys/${first.id}`, { method: "DELETE", apiKey: key });
    expect(again.status).toBe(404);
    expect((await api(`/v1/environments/${environment.id}/work`, { apiKey: first.key })).status).toBe(401);
    expect((await api(`/v1/environments/${environment.id}/work`, { apiKey: second.key })).status).toBe(200);
  });

  it("issues keys only for a live self-hosted environment of the caller's tenant", async () => {
    const { client, key } = await tenant();
    const cloud = await client.beta.environments.create({ name: "cloud" });
    const refused = await api(`/v1/environments/${cloud.id}/keys`, { method: "POST", apiKey: key });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as ErrorBody).error.message).toMatch(/is not self-hosted/);

    const archived = await selfHosted(client, "retired");
    await client.beta.environments.archive(archived.id);
    const onArchived = await api(`/v1/environments/${archived.id}/keys`, { method: "POST", apiKey: key });
    expect(onArchived.status).toBe(400);
    expect(((await onArchived.json()) as ErrorBody).error.message).toMatch(/is archived/);

    for (const path of ["/v1/environments/env_missing/keys", `/v1/environments/${cloud.id}/keys/envkey_missing`]) {
      const method = path.endsWith("/keys") ? "POST" : "DELETE";
      const missing = await api(path, { method, apiKey: key });
      expect({ path, status: missing.status }).toEqual({ path, status: 404 });
    }
    expect((await api("/v1/environments/env_missing/keys", { apiKey: key })).status).toBe(404);
    // A key is revoked only through its own environment.
    const owner = await selfHosted(client, "owner");
    const sibling = await selfHosted(client, "sibling");
    const ownersKey = await createKey(owner.id, key);
    expect((await api(`/v1/environments/${sibling.id}/keys/${ownersKey.id}`, { method: "DELETE", apiKey: key })).status).toBe(404);
    expect((await listKeys(owner.id, key)).data.map((item) => item.id)).toEqual([ownersKey.id]);
    expect((await listKeys(sibling.id, key)).data).toEqual([]);

    // Another tenant's environment reads as missing.
    const other = await tenant();
    const theirs = await selfHosted(other.client);
    expect((await api(`/v1/environments/${theirs.id}/keys`, { method: "POST", apiKey: key })).status).toBe(404);
    // The admin key acts as the default tenant, whose environments it may give keys to.
    const admin = await api("/v1/environments", { method: "POST", json: { name: "admin's", config: { type: "self_hosted" } } });
    const adminsEnvironment = (await admin.json()) as { id: string };
    expect((await api(`/v1/environments/${adminsEnvironment.id}/keys`, { method: "POST" })).status).toBe(200);
  });

  it("reaches its own environment's work queue and nothing else, saying so without echoing the key", async () => {
    const { client, key } = await tenant();
    const environment = await selfHosted(client);
    const neighbour = await selfHosted(client, "neighbour");
    const { key: environmentKey } = await createKey(environment.id, key);
    const work = `/v1/environments/${environment.id}/work`;

    // The work queue's routes are not this test's: whatever answers them, scope let the request through.
    for (const [method, path] of [
      ["GET", work],
      ["GET", `${work}/stats`],
      ["GET", `${work}/poll`],
      ["POST", `${work}/work_x/ack`],
      ["POST", `${work}/work_x/heartbeat`],
    ] as const) {
      const response = await api(path, { method, apiKey: environmentKey });
      expect({ method, path, refused: [401, 403].includes(response.status) }).toEqual({ method, path, refused: false });
    }

    const refusedPaths: [string, string][] = [
      ["GET", "/v1/agents"],
      ["POST", "/v1/agents"],
      ["GET", "/v1/sessions"],
      ["GET", "/v1/memory_stores"],
      ["GET", "/v1/environments"],
      ["GET", `/v1/environments/${environment.id}`],
      ["POST", `/v1/environments/${environment.id}/archive`],
      ["POST", `/v1/environments/${environment.id}/keys`],
      ["GET", `/v1/environments/${environment.id}/keys`],
      ["GET", `/v1/environments/${environment.id}/workers`],
      ["GET", `/v1/environments/${neighbour.id}/work`],
      ["GET", `/v1/environments/${neighbour.id}/work/stats`],
      ["GET", `/v1/environments/${environment.id}/work/../../${neighbour.id}/work`],
      ["GET", "/v1/api_keys"],
    ];
    for (const [method, path] of refusedPaths) {
      const response = await api(path, { method, apiKey: environmentKey });
      const body = (await response.json()) as ErrorBody;
      expect({ method, path, status: response.status, type: body.error?.type }).toEqual({ method, path, status: 403, type: "permission_error" });
      expect(body.error.message).toContain(`only its environment's work queue, ${work}`);
      expect(body.error.message).not.toContain(environmentKey.split(".").at(-1));
    }
    // Sent as a Bearer token, as the SDK's worker sends it, the key is proven and scoped the same way.
    const bearer = await api("/v1/agents", { apiKey: null, headers: { authorization: `Bearer ${environmentKey}` } });
    expect(bearer.status).toBe(403);
    // The tenant's own API key still reaches everything.
    expect((await api("/v1/agents", { apiKey: key })).status).toBe(200);
  });

  it("dies with its environment: archiving or deleting it revokes its keys; its type never changes", async () => {
    const { client, key } = await tenant();
    const reaches = async (environmentId: string, environmentKey: string) =>
      (await api(`/v1/environments/${environmentId}/work/stats`, { apiKey: environmentKey })).status;

    const archived = await selfHosted(client, "to archive");
    const toDelete = await selfHosted(client, "to delete");
    const toCloud = await selfHosted(client, "to cloud");
    const kept = await selfHosted(client, "kept");
    const keys = {
      archived: await createKey(archived.id, key),
      deleted: await createKey(toDelete.id, key),
      cloud: await createKey(toCloud.id, key),
      kept: await createKey(kept.id, key),
    };
    for (const [name, created] of Object.entries(keys))
      expect({ name, status: await reaches(created.environment_id, created.key) }).toEqual({ name, status: 200 });

    await client.beta.environments.archive(archived.id);
    await client.beta.environments.delete(toDelete.id);
    const updated = await api(`/v1/environments/${toCloud.id}`, { method: "POST", apiKey: key, json: { config: { type: "cloud" } } });

    expect(await reaches(archived.id, keys.archived.key)).toBe(401);
    expect((await listKeys(archived.id, key)).data).toEqual([]);
    expect(await reaches(toDelete.id, keys.deleted.key)).toBe(401);
    // Its type cannot change (the SDK's invalid_config_type_change), so it stays self-hosted with its key.
    expect(updated.status).toBe(400);
    expect(((await updated.json()) as { error: { details?: { error_code?: string } } }).error.details?.error_code).toBe("invalid_config_type_change");
    expect(await reaches(toCloud.id, keys.cloud.key)).toBe(200);
    expect(await reaches(kept.id, keys.kept.key)).toBe(200);
    expect((await listKeys(kept.id, key)).data.map((item) => item.id)).toEqual([keys.kept.id]);
  });
});
