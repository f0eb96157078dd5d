// Deliveries end to end: the queue consumer signs and POSTs, the official SDK verifies, failures retry and settle.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEFAULT_TENANT } from "../../src/api/app-env";
import { recordEvent } from "../../src/webhooks/delivery-log";
import { buildWebhookEvent } from "../../src/webhooks/event-payload";
import { api, createAgent, lucidClient } from "../fixtures/lucid";
import { createEndpoint, deliveries, newInbox, newTenantKey, receivedAtLeast, received, scriptReceiver } from "../fixtures/webhooks";
import { eventually } from "../fixtures/polling";

describe("webhook delivery", () => {
  it("sends a test event that the SDK's unwrap verifies with the endpoint's signing secret", async () => {
    const inbox = newInbox("test-event");
    const endpoint = await createEndpoint(inbox, ["deployment_run.failed"]);
    const response = await api(`/v1/webhooks/${endpoint.id}/test`, { method: "POST" });
    expect(response.status).toBe(200);
    const [delivery] = await receivedAtLeast(inbox, 1);
    const event = lucidClient().beta.webhooks.unwrap(delivery!.body, { headers: delivery!.headers, key: endpoint.signing_secret });
    expect(event).toMatchObject({ type: "event", data: { type: "webhook.test", id: endpoint.id } });
    expect(delivery!.headers["webhook-id"]).toBe(event.id);
    expect(() =>
      lucidClient().beta.webhooks.unwrap(delivery!.body, { headers: delivery!.headers, key: "whsec_" + btoa("another secret of 32 bytes......") }),
    ).toThrow();
  });

  it("retries a failed attempt with the same webhook-id until the receiver accepts it", async () => {
    const inbox = newInbox("retry");
    const endpoint = await createEndpoint(inbox, ["deployment_run.failed"]);
    await scriptReceiver(inbox, [500]);
    await api(`/v1/webhooks/${endpoint.id}/test`, { method: "POST" });
    const [first, second] = await receivedAtLeast(inbox, 2);
    expect(first!.status).toBe(500);
    expect(second!.status).toBe(200);
    expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    lucidClient().beta.webhooks.unwrap(second!.body, { headers: second!.headers, key: endpoint.signing_secret });
    const [delivery] = await eventually(async () => {
      const list = await deliveries(endpoint.id);
      return list[0]?.status === "succeeded" ? list : undefined;
    }, "a settled delivery");
    expect(delivery!.attempts.map((attempt) => attempt.status_code)).toEqual([500, 200]);
    expect(delivery!.attempts[0]!.next_retry_at).not.toBeNull();
    expect(delivery!.attempts[0]!.error).toMatch(/^HTTP 500/);
    expect(delivery!.attempts[1]!.next_retry_at).toBeNull();
    expect(await received(inbox)).toHaveLength(2);
  });
});

describe("webhook delivery failures", () => {
  it("gives up after the last retry: the dead-letter consumer marks the delivery failed and disables the failing endpoint", async () => {
    const inbox = newInbox("exhausted");
    const endpoint = await createEndpoint(inbox, ["deployment_run.failed"]);
    await scriptReceiver(inbox, [500, 503, 502, 500]);
    await api(`/v1/webhooks/${endpoint.id}/test`, { method: "POST" });
    const [delivery] = await eventually(async () => {
      const list = await deliveries(endpoint.id);
      return list[0]?.status === "failed" ? list : undefined;
    }, "a failed delivery");
    // Tests allow 3 attempts (LUCID_WEBHOOK_MAX_ATTEMPTS, and max_retries 2 on the queue); the last names no retry.
    expect(delivery!.attempts.map((attempt) => attempt.status_code)).toEqual([500, 503, 502]);
    expect(delivery!.attempts.map((attempt) => attempt.next_retry_at === null)).toEqual([false, false, true]);
    expect(await received(inbox)).toHaveLength(3);
    // Tests disable an endpoint as soon as a delivery exhausts its retries with no success since (threshold 0 s).
    const after = (await (await api(`/v1/webhooks/${endpoint.id}`)).json()) as { state: string; disabled_reason: string };
    expect(after.state).toBe("disabled");
    expect(after.disabled_reason).toMatch(/failed since .* exhausted its retries/);
  });

  it("delivers nothing to a disabled endpoint, and enabling it clears the reason", async () => {
    const inbox = newInbox("disabled");
    const apiKey = await newTenantKey();
    const endpoint = await createEndpoint(inbox, ["agent.created"], apiKey);
    const disabled = await api(`/v1/webhooks/${endpoint.id}`, { method: "POST", apiKey, json: { state: "disabled" } });
    expect(await disabled.json()).toMatchObject({ state: "disabled", disabled_reason: "" });
    await createAgent(lucidClient(apiKey));
    const refused = await api(`/v1/webhooks/${endpoint.id}/test`, { method: "POST", apiKey });
    expect(refused.status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await received(inbox)).toHaveLength(0);
    expect(await deliveries(endpoint.id, apiKey)).toHaveLength(0);
    const enabled = await api(`/v1/webhooks/${endpoint.id}`, { method: "POST", apiKey, json: { state: "enabled" } });
    expect(await enabled.json()).toMatchObject({ state: "enabled", disabled_reason: "" });
    await createAgent(lucidClient(apiKey));
    const [delivery] = await receivedAtLeast(inbox, 1);
    expect(JSON.parse(delivery!.body)).toMatchObject({ data: { type: "agent.created" } });
  });

  it("redelivers a failed delivery with the same webhook-id, recording the new attempts", async () => {
    const inbox = newInbox("redeliver");
    const endpoint = await createEndpoint(inbox, ["deployment_run.failed"]);
    await scriptReceiver(inbox, [500, 500, 500]);
    await api(`/v1/webhooks/${endpoint.id}/test`, { method: "POST" });
    const [failed] = await eventually(async () => {
      const list = await deliveries(endpoint.id);
      return list[0]?.status === "failed" ? list : undefined;
    }, "a failed delivery");
    await api(`/v1/webhooks/${endpoint.id}`, { method: "POST", json: { state: "enabled" } });
    const response = await api(`/v1/webhooks/${endpoint.id}/deliveries/${failed!.id}/redeliver`, { method: "POST" });
    expect(response.status).toBe(200);
    const list = await receivedAtLeast(inbox, 4);
    expect(list[3]!.status).toBe(200);
    expect(new Set(list.map((delivery) => delivery.headers["webhook-id"])).size).toBe(1);
    lucidClient().beta.webhooks.unwrap(list[3]!.body, { headers: list[3]!.headers, key: endpoint.signing_secret });
    const [settled] = await eventually(async () => {
      const all = await deliveries(endpoint.id);
      return all[0]?.status === "succeeded" ? all : undefined;
    }, "a redelivered delivery");
    expect(settled!.id).toBe(failed!.id);
    expect(settled!.attempts.map((attempt) => attempt.status_code)).toEqual([500, 500, 500, 200]);
    const again = await api(`/v1/webhooks/${endpoint.id}/deliveries/whdel_missing/redeliver`, { method: "POST" });
    expect(again.status).toBe(404);
  });

  it("does not follow a redirect: a 3xx is a failed attempt", async () => {
    const inbox = newInbox("redirect");
    const endpoint = await createEndpoint(inbox, ["deployment_run.failed"]);
    await scriptReceiver(inbox, [302]);
    await api(`/v1/webhooks/${endpoint.id}/test`, { method: "POST" });
    const [delivery] = await eventually(async () => {
      const list = await deliveries(endpoint.id);
      return list[0]?.status === "succeeded" ? list : undefined;
    }, "a delivery retried after the redirect");
    expect(delivery!.attempts[0]).toMatchObject({ status_code: 302, error: expect.stringMatching(/redirect .* not followed/) });
    expect((await received(inbox)).map((request) => request.url)).toEqual([endpoint.url, endpoint.url]);
  });

  it("sends, from the directory's alarm, a delivery that a crash left recorded but off the queue", async () => {
    const inbox = newInbox("unsent");
    const endpoint = await createEndpoint(inbox, ["deployment_run.failed"]);
    const directory = env.DIRECTORY.getByName(DEFAULT_TENANT);
    const event = await buildWebhookEvent(DEFAULT_TENANT, { type: "deployment_run.failed", id: "drun_crashed" }, "drun_crashed:failed");
    // Recorded two minutes ago and never enqueued: the object died between the two.
    const recorded = { ...event, created_at: new Date(Date.now() - 120_000).toISOString() };
    await runInDurableObject(directory, (_instance, state) => {
      recordEvent(state.storage.sql, recorded, "drun_crashed:failed", [endpoint.id]);
    });
    expect(await received(inbox)).toEqual([]);
    await runInDurableObject(directory, (_instance, state) => state.storage.setAlarm(Date.now()));
    expect(await runDurableObjectAlarm(directory)).toBe(true);
    const [delivery] = await receivedAtLeast(inbox, 1);
    expect(lucidClient().beta.webhooks.unwrap(delivery!.body, { headers: delivery!.headers, key: endpoint.signing_secret })).toMatchObject({
      id: event.id,
      data: { id: "drun_crashed" },
    });
    // Sent once: a later sweep finds nothing left to send.
    await runInDurableObject(directory, (_instance, state) => state.storage.setAlarm(Date.now()));
    await runDurableObjectAlarm(directory);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await received(inbox)).toHaveLength(1);
  });

  it("forgets settled deliveries older than 30 days, and keeps recent or pending ones", async () => {
    const endpoint = await createEndpoint(newInbox("prune"), ["deployment_run.failed"]);
    const directory = env.DIRECTORY.getByName(DEFAULT_TENANT);
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const record = async (key: string, createdAt: string, status: "succeeded" | "pending") => {
      const event = { ...(await buildWebhookEvent(DEFAULT_TENANT, { type: "deployment_run.failed", id: key }, key)), created_at: createdAt };
      await runInDurableObject(directory, (_instance, state) => {
        const [delivery] = recordEvent(state.storage.sql, event, key, [endpoint.id]);
        // Settled (or not) and already on the queue, as an old delivery would be.
        state.storage.sql.exec("UPDATE webhook_deliveries SET status = ?, enqueued = 1 WHERE id = ?", status, delivery!.id);
        state.storage.sql.exec("INSERT INTO webhook_attempts (delivery_id, number, attempted_at, latency_ms) VALUES (?, 1, ?, 5)", delivery!.id, createdAt);
      });
      return event.id;
    };
    const old = await record("drun_old", daysAgo(31), "succeeded");
    const recent = await record("drun_recent", daysAgo(29), "succeeded");
    const pending = await record("drun_old_pending", daysAgo(31), "pending");
    await runInDurableObject(directory, (_instance, state) => state.storage.setAlarm(Date.now()));
    await runDurableObjectAlarm(directory);
    const kept = await runInDurableObject(directory, (_instance, state) => ({
      events: state.storage.sql
        .exec<{ id: string }>("SELECT id FROM webhook_events WHERE id IN (?, ?, ?)", old, recent, pending)
        .toArray()
        .map((row) => row.id)
        .sort(),
      orphans: state.storage.sql.exec("SELECT COUNT(*) AS n FROM webhook_attempts WHERE delivery_id NOT IN (SELECT id FROM webhook_deliveries)").one().n,
    }));
    expect(kept.events).toEqual([recent, pending].sort());
    expect(kept.orphans).toBe(0);
  });
});
