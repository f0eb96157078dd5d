// API keys at rest and in use: only hashes are stored, deletion revokes at once, and comparisons are constant-time.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN_DIRECTORY } from "../../src/api/app-env";
import { hashMatches, secretsEqual } from "../../src/directory/api-key-secret";
import { sha256Hex } from "../../src/sha256";
import { api } from "../fixtures/lucid";

async function createKey() {
  const response = await api("/v1/api_keys", { method: "POST", json: { name: "at rest" } });
  return (await response.json()) as { id: string; key: string; tenant_id: string };
}

/** Every row of every table of a directory's SQLite, as text. */
async function directoryContents(name: string): Promise<string> {
  return runInDurableObject(env.DIRECTORY.getByName(name), (_instance, state) => {
    const sql = state.storage.sql;
    const tables = sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").toArray();
    return tables.map(({ name: table }) => `${table}: ${JSON.stringify(sql.exec(`SELECT * FROM "${table}"`).toArray())}`).join("\n");
  });
}

describe("API keys", () => {
  it("keeps only a SHA-256 hash of a key, never its secret, in the tenant's directory or the admin's", async () => {
    const created = await createKey();
    const secret = created.key.split(".").at(-1)!;
    expect(secret).toHaveLength(40);
    const tenantTables = await directoryContents(created.tenant_id);
    const adminTables = await directoryContents(ADMIN_DIRECTORY);
    expect(tenantTables).toContain(await sha256Hex(created.key));
    expect(adminTables).toContain(created.id);
    for (const contents of [tenantTables, adminTables]) {
      expect(contents).not.toContain(secret);
      expect(contents).not.toContain(created.key);
    }
  });

  it("stops accepting a deleted key at once, even right after it was used, and keeps the tenant's other keys", async () => {
    const first = await createKey();
    const second = (await (await api("/v1/api_keys", { method: "POST", json: { name: "second", tenant_id: first.tenant_id } })).json()) as { key: string };
    expect((await api("/v1/agents", { apiKey: first.key })).status).toBe(200);
    expect((await api(`/v1/api_keys/${first.id}`, { method: "DELETE" })).status).toBe(200);
    const refused = await api("/v1/agents", { apiKey: first.key });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { type: "authentication_error" } });
    expect((await api("/v1/agents", { apiKey: second.key })).status).toBe(200);
    expect((await api(`/v1/api_keys/${first.id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("refuses a key whose id is real but whose secret is not, and a real secret under another key's id", async () => {
    const one = await createKey();
    const other = (await (await api("/v1/api_keys", { method: "POST", json: { name: "other", tenant_id: one.tenant_id } })).json()) as {
      id: string;
      key: string;
    };
    const [prefix, , secret] = one.key.split(".");
    const swapped = `${prefix}.${other.id}.${secret}`;
    const flipped = one.key.slice(0, -1) + (one.key.endsWith("a") ? "b" : "a");
    for (const key of [swapped, flipped, one.key.toUpperCase(), `${one.key} `.repeat(2)]) {
      expect((await api("/v1/agents", { apiKey: key })).status, key).toBe(401);
    }
  });

  it("compares secrets by digest in constant time: equal, unequal and different-length inputs", async () => {
    expect(await secretsEqual("test-admin-key", "test-admin-key")).toBe(true);
    expect(await secretsEqual("test-admin-key", "test-admin-kez")).toBe(false);
    expect(await secretsEqual("test-admin-key", "test-admin-key-longer")).toBe(false);
    expect(await secretsEqual("", "x")).toBe(false);
    const hash = await sha256Hex("sk-lucid-secret");
    expect(await hashMatches("sk-lucid-secret", hash)).toBe(true);
    expect(await hashMatches("sk-lucid-secreT", hash)).toBe(false);
    expect(await hashMatches("sk-lucid-secret", hash.slice(0, 10))).toBe(false);
    expect(await hashMatches("sk-lucid-secret", "")).toBe(false);
  });
});
