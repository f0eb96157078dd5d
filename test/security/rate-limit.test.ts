// Rate limiting per key: a token bucket per key id, 429 rate_limit_error with `retry-after`, one key never limiting another.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/api/app";
import { takeToken } from "../../src/directory/token-bucket";
import { ADMIN_KEY, api, createAgent, lucidClient, startSession } from "../fixtures/lucid";

async function createKey(json: Record<string, unknown>) {
  const response = await api("/v1/api_keys", { method: "POST", json: { name: "limited", ...json } });
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; key: string; tenant_id: string; rate_limit_per_minute: number | null };
}

describe("the token bucket", () => {
  it("lets a minute's allowance through at once, then one more per 60/limit seconds", () => {
    let bucket: ReturnType<typeof takeToken>["bucket"] | undefined;
    const at = 1_000_000;
    for (let i = 0; i < 6; i++) {
      const taken = takeToken(bucket, 6, at);
      expect(taken.admission).toEqual({ admitted: true });
      bucket = taken.bucket;
    }
    expect(takeToken(bucket, 6, at).admission).toEqual({ admitted: false, retryAfterSeconds: 10 });
    expect(takeToken(bucket, 6, at + 4_000).admission).toEqual({ admitted: false, retryAfterSeconds: 6 });
    expect(takeToken(bucket, 6, at + 10_000).admission).toEqual({ admitted: true });
    // Idle time never banks more than one minute's allowance.
    let later = takeToken(bucket, 6, at + 3_600_000).bucket;
    expect(later.tokens).toBe(5);
    for (let i = 0; i < 5; i++) later = takeToken(later, 6, at + 3_600_000).bucket;
    expect(takeToken(later, 6, at + 3_600_000).admission.admitted).toBe(false);
  });

  it("never asks a client to retry in less than a second", () => {
    expect(takeToken({ tokens: 0.999, updatedAt: 0 }, 60, 0).admission).toEqual({ admitted: false, retryAfterSeconds: 1 });
    expect(takeToken({ tokens: 0.5, updatedAt: 0 }, 6_000, 0).admission).toEqual({ admitted: false, retryAfterSeconds: 1 });
  });
});

describe("rate limiting per key", () => {
  it("answers 429 rate_limit_error with retry-after once a key spends its own limit, and shows the limit on the key", async () => {
    const limited = await createKey({ rate_limit_per_minute: 3 });
    expect(limited.rate_limit_per_minute).toBe(3);
    for (let i = 0; i < 3; i++) expect((await api("/v1/agents", { apiKey: limited.key })).status).toBe(200);

    const refused = await api("/v1/agents", { apiKey: limited.key });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(20); // one request refills in 60 / 3 seconds
    expect(refused.headers.get("request-id")).toMatch(/^req_/);
    const body = (await refused.json()) as { type: string; error: { type: string; message: string } };
    expect(body).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
    expect(body.error.message).toContain(`${retryAfter} second`);

    const listed = (await (await api("/v1/api_keys?limit=100")).json()) as { data: { id: string; rate_limit_per_minute: number | null }[] };
    expect(listed.data.find((key) => key.id === limited.id)?.rate_limit_per_minute).toBe(3);
  });

  it("limits each key on its own: another key of the same tenant, and the admin key, go on working", async () => {
    const limited = await createKey({ rate_limit_per_minute: 1 });
    const sibling = await createKey({ tenant_id: limited.tenant_id, rate_limit_per_minute: 1 });
    expect((await api("/v1/agents", { apiKey: limited.key })).status).toBe(200);
    expect((await api("/v1/agents", { apiKey: limited.key })).status).toBe(429);
    expect((await api("/v1/agents", { apiKey: sibling.key })).status).toBe(200);
    expect((await api("/v1/agents", { apiKey: ADMIN_KEY })).status).toBe(200);
    expect((await api("/v1/agents", { apiKey: sibling.key })).status).toBe(429);
  });

  it("counts a stream once, when it connects, however many events it carries", async () => {
    // A key of the default tenant, so the admin key can set up a session for it without spending its budget.
    const limited = await createKey({ tenant_id: "tnt_default", rate_limit_per_minute: 2 });
    const admin = lucidClient();
    const agent = await createAgent(admin);
    const session = await startSession(admin, agent.id, "Say hello.");

    const stream = await api(`/v1/sessions/${session.id}/events/stream`, { apiKey: limited.key });
    expect(stream.status).toBe(200);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("session.status_idle")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    await reader.cancel();
    expect(text.match(/^data:/gm)!.length).toBeGreaterThan(2);
    expect((await api("/v1/agents", { apiKey: limited.key })).status).toBe(200);
    expect((await api("/v1/agents", { apiKey: limited.key })).status).toBe(429);
  });

  it("applies LUCID_RATE_LIMIT_PER_MINUTE to keys without a limit of their own, and a wrong key is refused, not counted", async () => {
    const key = await createKey({});
    expect(key.rate_limit_per_minute).toBeNull();
    const strict = { ...env, LUCID_RATE_LIMIT_PER_MINUTE: "2" };
    const call = (apiKey: string) => app.fetch(new Request("http://lucid.test/v1/agents", { headers: { "x-api-key": apiKey } }), strict);
    const wrongSecret = key.key.slice(0, -4) + (key.key.endsWith("aaaa") ? "bbbb" : "aaaa");
    for (let i = 0; i < 3; i++) expect((await call(wrongSecret)).status).toBe(401);
    expect((await call(key.key)).status).toBe(200);
    expect((await call(key.key)).status).toBe(200);
    expect((await call(key.key)).status).toBe(429);
  });

  it("leaves the admin key unlimited by default, and limits it when LUCID_ADMIN_RATE_LIMIT_PER_MINUTE is set", async () => {
    for (let i = 0; i < 5; i++) expect((await api("/v1/agents")).status).toBe(200);
    const limitedAdmin = { ...env, LUCID_ADMIN_RATE_LIMIT_PER_MINUTE: "2" };
    const call = () => app.fetch(new Request("http://lucid.test/v1/agents", { headers: { "x-api-key": ADMIN_KEY } }), limitedAdmin);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call()).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it("refuses a limit that is not a positive whole number", async () => {
    for (const rate_limit_per_minute of [0, -1, 1.5, "10"]) {
      const response = await api("/v1/api_keys", { method: "POST", json: { name: "bad", rate_limit_per_minute } });
      expect(response.status, String(rate_limit_per_minute)).toBe(400);
    }
  });
});
