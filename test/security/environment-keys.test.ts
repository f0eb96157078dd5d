// Environment keys at rest and in use: only hashes are stored; a forged or revoked key is refused 401 and stores
// nothing anywhere (the admin directory's registry must vouch for the key id first); a key takes its requests from a
// budget like a tenant key.
import { listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/api/app";
import { ADMIN_DIRECTORY } from "../../src/api/app-env";
import { formatApiKey } from "../../src/directory/api-key-secret";
import { newEnvironmentKeyId } from "../../src/ids";
import { newSecret, newTenantId } from "../../src/ids";
import type { CreatedEnvironmentKey } from "../../src/schemas/environment-key";
import { sha256Hex } from "../../src/sha256";
import { api } from "../fixtures/lucid";

/** Every Durable Object, of every class bound to the Worker, that has storage. */
async function storedObjects(): Promise<string[]> {
  const namespaces = Object.entries(env).filter(([, binding]) => (binding as object | undefined)?.constructor?.name === "DurableObjectNamespace");
  expect(namespaces.map(([name]) => name)).toEqual(expect.arrayContaining(["DIRECTORY", "AGENT", "MEMORY_STORE", "DREAM", "WORKSPACE", "ORCHESTRATOR"]));
  const ids = await Promise.all(
    namespaces.map(async ([name, binding]) => (await listDurableObjectIds(binding as DurableObjectNamespace<undefined>)).map((id) => `${name} ${id}`)),
  );
  return ids.flat().sort();
}

/** Every row of every table of a directory's SQLite, as text. */
async function directoryContents(name: string): Promise<string> {
  return runInDurableObject(env.DIRECTORY.getByName(name), (_instance, state) => {
    const sql = state.storage.sql;
    const tables = sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").toArray();
    return tables.map(({ name: table }) => `${table}: ${JSON.stringify(sql.exec(`SELECT * FROM "${table}"`).toArray())}`).join("\n");
  });
}

/** A new tenant with a self-hosted environment and one key of it. */
async function tenantWithEnvironmentKey() {
  const { key: apiKey, tenant_id: tenantId } = (await (await api("/v1/api_keys", { method: "POST", json: { name: "worker owner" } })).json()) as {
    key: string;
    tenant_id: string;
  };
  const environment = (await (
    await api("/v1/environments", { method: "POST", apiKey, json: { name: "my machine", config: { type: "self_hosted" } } })
  ).json()) as { id: string };
  const created = (await (await api(`/v1/environments/${environment.id}/keys`, { method: "POST", apiKey })).json()) as CreatedEnvironmentKey;
  return { apiKey, tenantId, environmentId: environment.id, created };
}

/** Presents `key` on its environment's work queue (the one place a real key reaches), elsewhere, and as a Bearer token. */
async function presentEverywhere(key: string, environmentId: string): Promise<number[]> {
  const responses = await Promise.all([
    api(`/v1/environments/${environmentId}/work/poll`, { apiKey: key }),
    api(`/v1/environments/${environmentId}/work/work_x/ack`, { apiKey: key, method: "POST", json: {} }),
    api("/v1/agents", { apiKey: key, method: "POST", json: { name: "never", model: "claude-sonnet-5-5" } }),
    api(`/v1/environments/${environmentId}/keys`, { apiKey: null, method: "POST", headers: { authorization: `Bearer ${key}` } }),
  ]);
  return responses.map((response) => response.status);
}

describe("environment keys at rest", () => {
  it("keeps only a SHA-256 hash of a key in its tenant's directory, and only its id in the admin's registry", async () => {
    const { tenantId, created } = await tenantWithEnvironmentKey();
    const secret = created.key.split(".").at(-1)!;
    expect(secret).toHaveLength(40);
    const tenantTables = await directoryContents(tenantId);
    const adminTables = await directoryContents(ADMIN_DIRECTORY);
    expect(tenantTables).toContain(await sha256Hex(created.key));
    expect(adminTables).toMatch(new RegExp(`environment_key_registry: .*"${created.id}","tenant_id":"${tenantId}"`));
    for (const contents of [tenantTables, adminTables]) {
      expect(contents).not.toContain(secret);
      expect(contents).not.toContain(created.key);
    }
  });
});

describe("forged and revoked environment keys", () => {
  it("are refused 401 everywhere and store nothing, whatever tenant or environment they name", async () => {
    const real = await tenantWithEnvironmentKey();
    const revoked = await tenantWithEnvironmentKey();
    const revokedResponse = await api(`/v1/environments/${revoked.environmentId}/keys/${revoked.created.id}`, { method: "DELETE", apiKey: revoked.apiKey });
    expect(revokedResponse.status).toBe(200);
    const [, realKeyId, realSecret] = real.created.key.split(".");
    expect(realKeyId).toBe(real.created.id);

    const before = await storedObjects();
    const attempts: [string, string][] = [
      ...Array.from({ length: 10 }, (): [string, string] => [formatApiKey(newTenantId(), newEnvironmentKeyId(), newSecret()), real.environmentId]),
      [formatApiKey(real.tenantId, newEnvironmentKeyId(), newSecret()), real.environmentId], // a real tenant, a key id it never issued
      [formatApiKey(newTenantId(), real.created.id, realSecret!), real.environmentId], // a real key id and secret, claimed by another tenant
      [formatApiKey(real.tenantId, real.created.id, newSecret()), real.environmentId], // a real key id, the wrong secret
      [formatApiKey(real.tenantId, `envkey_${"0".repeat(24)}`, realSecret!), real.environmentId],
      [revoked.created.key, revoked.environmentId], // revoked by its tenant
    ];
    for (const [key, environmentId] of attempts) expect(await presentEverywhere(key, environmentId), key).toEqual([401, 401, 401, 401]);
    expect(await storedObjects()).toEqual(before);
    // The real key still reaches its queue (scope lets it through: the queue's own answer is not this test's).
    const statuses = await presentEverywhere(real.created.key, real.environmentId);
    expect(statuses.slice(0, 2).some((status) => status === 401 || status === 403)).toBe(false);
    expect(statuses.slice(2)).toEqual([403, 403]);
  });
});

describe("an environment key's budget", () => {
  it("takes each request from a budget under the tenant keys' limit, refusing 429 once it is spent", async () => {
    const { created, environmentId } = await tenantWithEnvironmentKey();
    const limited = { ...env, LUCID_RATE_LIMIT_PER_MINUTE: "2" };
    const request = () =>
      app.fetch(new Request(`http://lucid.test/v1/environments/${environmentId}/work/stats`, { headers: { "x-api-key": created.key } }), limited);
    for (let i = 0; i < 2; i++) expect((await request()).status).not.toBe(429);
    const refused = await request();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});
