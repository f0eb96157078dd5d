// Nothing is stored for a key that is not proven: a forged key reaches no tenant's directory (the admin directory's
// registry must vouch for it first), and a client that keeps failing is refused before its key is even looked up.
import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/api/app";
import { ADMIN_DIRECTORY } from "../../src/api/app-env";
import { type FailureLedger, recordFailure, signInAdmission } from "../../src/api/auth-failures";
import { formatApiKey } from "../../src/directory/api-key-secret";
import { newApiKeyId, newSecret, newTenantId } from "../../src/ids";
import { api } from "../fixtures/lucid";

const NAMESPACES = ["DIRECTORY", "AGENT", "MEMORY_STORE", "DREAM", "WORKSPACE", "ORCHESTRATOR"] as const;

/** Every Durable Object, of every class, that has storage. */
async function storedObjects(): Promise<string[]> {
  const ids = await Promise.all(
    NAMESPACES.map(async (binding) => (await listDurableObjectIds(env[binding] as DurableObjectNamespace<undefined>)).map((id) => `${binding} ${id}`)),
  );
  return ids.flat().sort();
}

async function createKey(json: Record<string, unknown> = {}) {
  const response = await api("/v1/api_keys", { method: "POST", json: { name: "real", ...json } });
  return (await response.json()) as { id: string; key: string; tenant_id: string };
}

const forgedKey = (tenantId = newTenantId(), keyId = newApiKeyId(), secret = newSecret()) => formatApiKey(tenantId, keyId, secret);

/** Presents `key` every way the API takes one, on reads, writes and a stream. */
async function presentEverywhere(key: string): Promise<number[]> {
  const responses = await Promise.all([
    api("/v1/agents", { apiKey: key }),
    api("/v1/agents", { apiKey: key, method: "POST", json: { name: "never", model: "claude-sonnet-5-5" } }),
    api("/v1/memory_stores", { apiKey: null, headers: { authorization: `Bearer ${key}` } }),
    api("/v1/sessions/sess_forged/events/stream", { apiKey: null, headers: { upgrade: "websocket", "sec-websocket-protocol": `lucid.v1, lucid.key.${key}` } }),
  ]);
  return responses.map((response) => response.status);
}

describe("forged keys", () => {
  it("store nothing: no tenant's directory or any other object is created, whatever tenant the key names", async () => {
    // Before any key exists, a forged key may create the admin directory (the registry itself), and nothing else.
    const atStart = await storedObjects();
    for (let i = 0; i < 5; i++) expect(await presentEverywhere(forgedKey())).toEqual([401, 401, 401, 401]);
    const adminDirectory = `DIRECTORY ${env.DIRECTORY.idFromName(ADMIN_DIRECTORY)}`;
    expect((await storedObjects()).filter((id) => !atStart.includes(id) && id !== adminDirectory)).toEqual([]);

    const real = await createKey();
    const sibling = await createKey({ tenant_id: real.tenant_id });
    const [, , realSecret] = real.key.split(".");
    const before = await storedObjects();
    const forged = [
      ...Array.from({ length: 20 }, () => forgedKey()),
      forgedKey(real.tenant_id), // a real tenant, a key id it never issued
      forgedKey(newTenantId(), real.id, realSecret), // a real key id and secret, claimed by another tenant
      forgedKey(real.tenant_id, sibling.id), // a real key id of that tenant, the wrong secret
    ];
    for (const key of forged) expect(await presentEverywhere(key), key).toEqual([401, 401, 401, 401]);
    expect(await storedObjects()).toEqual(before);
    // The real keys still work, and only the admin directory's registry was asked about the forged ones.
    expect((await api("/v1/agents", { apiKey: real.key })).status).toBe(200);
    expect((await api("/v1/agents", { apiKey: sibling.key })).status).toBe(200);
  });
});

describe("the failed sign-in budget of a client", () => {
  it("takes one failure per wrong key, refuses once spent, and refills over the minute", () => {
    const ledger: FailureLedger = new Map();
    const at = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(signInAdmission(ledger, "198.51.100.1", 3, at)).toEqual({ admitted: true });
      recordFailure(ledger, "198.51.100.1", 3, at);
    }
    expect(signInAdmission(ledger, "198.51.100.1", 3, at)).toEqual({ admitted: false, retryAfterSeconds: 20 });
    expect(signInAdmission(ledger, "198.51.100.2", 3, at)).toEqual({ admitted: true });
    expect(signInAdmission(ledger, "198.51.100.1", 3, at + 20_000)).toEqual({ admitted: true });
    // 0 means unlimited: nothing is counted or refused.
    recordFailure(ledger, "198.51.100.3", 0, at);
    expect(ledger.has("198.51.100.3")).toBe(false);
    expect(signInAdmission(ledger, "198.51.100.1", 0, at)).toEqual({ admitted: true });
  });

  it("remembers a bounded number of clients, forgetting the one that failed longest ago", () => {
    const ledger: FailureLedger = new Map();
    for (const client of ["a", "b", "a", "c"]) recordFailure(ledger, client, 1, 0, 2);
    expect([...ledger.keys()]).toEqual(["a", "c"]);
  });
});

describe("refusing a client that keeps failing", () => {
  const strict = { ...env, LUCID_AUTH_FAILURES_PER_MINUTE: "3" };
  const from = (client: string, key: string) =>
    app.fetch(new Request("http://lucid.test/v1/agents", { headers: { "x-api-key": key, "cf-connecting-ip": client } }), strict);

  it("answers 429 rate_limit_error with retry-after once its failures spend the budget; successes do not count", async () => {
    const { key } = await createKey();
    const client = "203.0.113.10";
    expect((await from(client, forgedKey())).status).toBe(401);
    expect((await from(client, "not a key")).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await from(client, key)).status).toBe(200);
    expect((await from(client, forgedKey())).status).toBe(401);

    const refused = await from(client, key);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(20); // one failure refills in 60 / 3 seconds
    expect(refused.headers.get("request-id")).toMatch(/^req_/);
    const body = (await refused.json()) as { type: string; error: { type: string; message: string } };
    expect(body).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
    expect(body.error.message).toContain("failed sign-ins");
    expect(body.error.message).toContain(`${retryAfter} second`);
    // Another client is not affected.
    expect((await from("203.0.113.11", key)).status).toBe(200);
  });

  it("refuses before the key is looked up: the key's own budget is not spent, and a forged tenant is not reached", async () => {
    const limited = await createKey({ rate_limit_per_minute: 1 });
    const client = "203.0.113.20";
    for (let i = 0; i < 3; i++) expect((await from(client, forgedKey())).status).toBe(401);
    const before = await storedObjects();
    expect((await from(client, limited.key)).status).toBe(429);
    expect((await from(client, forgedKey())).status).toBe(429);
    expect(await storedObjects()).toEqual(before);
    // Had the refused request been verified, it would have taken the key's one request of the minute.
    expect((await from("203.0.113.21", limited.key)).status).toBe(200);
    const overKeyLimit = await from("203.0.113.21", limited.key);
    expect(overKeyLimit.status).toBe(429);
    expect(((await overKeyLimit.json()) as { error: { message: string } }).error.message).toContain("This API key is over its rate limit");
  });
});
