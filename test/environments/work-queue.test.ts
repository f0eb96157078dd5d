// The work queue of a self-hosted environment, through the official SDK's `client.beta.environments.work`: long polls,
// hand-outs with their work tokens, acks, heartbeat leases (412 when another worker may hold one), lapsed leases put
// back in the queue, graceful and forced stops, stats, metadata, and another tenant's or an unknown environment.
// Sessions are enqueued on the EnvironmentObject directly, as the session side will.
import Anthropic from "@anthropic-ai/sdk";
import { BetaHeartbeatPreconditionFailedError } from "@anthropic-ai/sdk/resources/beta/environments/work";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { environmentIdOfWork, newAgentId, newEnvironmentId, newSessionId } from "../../src/ids";
import { environmentOf } from "../../src/platform/stubs";
import { api, lucidClient, newTenantClient } from "../fixtures/lucid";

const TENANT = "tnt_default";
const client = lucidClient();
const work = client.beta.environments.work;

async function selfHostedEnvironment(owner: Anthropic = client) {
  return owner.beta.environments.create({ name: "workers", config: { type: "self_hosted" } });
}

/** Queues a new session's work as the session side does, on the environment's object. */
async function enqueue(environmentId: string, tenantId = TENANT) {
  const agentId = newAgentId();
  const sessionId = newSessionId(agentId);
  const item = await environmentOf(env, environmentId).enqueueSession(tenantId, environmentId, {
    session_id: sessionId,
    agent_id: agentId,
    memory_stores: [{ memory_store_id: "memstore_aaaaaaaaaaaaaaaaaaaaaaaa", access: "read_only" }],
  });
  return { item, sessionId, agentId };
}

/** BetaWorkSecret, decoded as the SDK's worker decodes it (base64url JSON). */
function decodeSecret(secret: string | null): { sessions_token: string; api_base_url?: string } {
  expect(secret).toMatch(/^[A-Za-z0-9_-]+$/);
  const base64 = secret!.replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")), (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** A work token's request as the edge asks its environment to admit it, under a budget of `perMinute` (0: none). */
function admit(token: string, perMinute = 0) {
  const [, tenantId, workId, secret] = /^sk-lucid-(tnt_[0-9a-z]+)\.(work_[0-9a-z_]+)\.([0-9a-z]{40})$/.exec(token)!;
  return environmentOf(env, environmentIdOfWork(workId!)!).admitWorkToken(tenantId!, workId!, secret!, perMinute);
}

/** What the token grants, if the item's environment accepts it. */
const verifies = async (token: string) => (await admit(token))?.grant ?? null;

/** Polls until an item comes (each poll waits up to block_ms). */
async function pollOnce(environmentId: string, workerId = "worker-1") {
  const polled = await work.poll(environmentId, { block_ms: 500, "Anthropic-Worker-ID": workerId });
  expect(polled, "a poll with work queued hands it out").not.toBeNull();
  return polled!;
}

/** Polls, acks and claims the lease with a first heartbeat, as the SDK's EnvironmentWorker does. */
async function claim(environmentId: string) {
  const polled = await pollOnce(environmentId);
  await work.ack(polled.id, { environment_id: environmentId });
  const beat = await work.heartbeat(polled.id, { environment_id: environmentId, expected_last_heartbeat: "NO_HEARTBEAT" });
  return { polled, beat };
}

function tablesOf(environmentId: string): Promise<string[]> {
  return runInDurableObject(env.ENVIRONMENT.getByName(environmentId), (_instance, state) =>
    state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE name NOT LIKE '\\_\\_miniflare%' ESCAPE '\\'")
      .toArray()
      .map((row) => row.name),
  );
}

/** Lets the item's lease lapse (its expiry moved into the past), then runs the environment's alarm. */
async function lapseLease(environmentId: string, workId: string) {
  const stub = env.ENVIRONMENT.getByName(environmentId);
  await runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec("UPDATE work_items SET lease_expires_at = ? WHERE id = ?", Date.now() - 1, workId);
  });
  expect(await runDurableObjectAlarm(stub)).toBe(true);
}

describe("the work queue of a self-hosted environment", () => {
  it("answers an idle poll with JSON null after waiting block_ms", async () => {
    const environment = await selfHostedEnvironment();
    const started = Date.now();
    expect(await work.poll(environment.id, { block_ms: 300 })).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);

    await enqueue(environment.id);
    await pollOnce(environment.id);
    const response = await api(`/v1/environments/${environment.id}/work/poll?block_ms=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.text()).toBe("null");
  });

  it("hands out an item enqueued while a poll waits, before the poll's time is up", async () => {
    for (const enqueuedBefore of [false, true]) {
      const environment = await selfHostedEnvironment();
      // A queue that has had work before, and one whose object has no storage yet when the poll starts.
      if (enqueuedBefore) {
        await enqueue(environment.id);
        await pollOnce(environment.id);
      }
      const started = Date.now();
      const polling = work.poll(environment.id, { block_ms: 999, "Anthropic-Worker-ID": "waiting-worker" });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const { item } = await enqueue(environment.id);
      const polled = await polling;
      expect(polled?.id, `enqueued before: ${enqueuedBefore}`).toBe(item.id);
      expect(Date.now() - started).toBeLessThan(900);
    }
  });

  it("never hands the same item to two pollers", async () => {
    const environment = await selfHostedEnvironment();
    const { item } = await enqueue(environment.id);
    const answers = await Promise.all(["a", "b", "c"].map((id) => work.poll(environment.id, { block_ms: 300, "Anthropic-Worker-ID": id })));
    expect(answers.filter((answer) => answer !== null).map((answer) => answer!.id)).toEqual([item.id]);

    const second = await enqueue(environment.id);
    const third = await enqueue(environment.id);
    const both = await Promise.all(["a", "b"].map((id) => work.poll(environment.id, { block_ms: 300, "Anthropic-Worker-ID": id })));
    expect(both.map((answer) => answer?.id).sort()).toEqual([second.item.id, third.item.id].sort());
  });

  it("queues a session once while its item is live", async () => {
    const environment = await selfHostedEnvironment();
    const { item, sessionId, agentId } = await enqueue(environment.id);
    const again = await environmentOf(env, environment.id).enqueueSession(TENANT, environment.id, {
      session_id: sessionId,
      agent_id: agentId,
      memory_stores: [],
    });
    expect(again.id).toBe(item.id);
    expect((await work.list(environment.id)).data.map((listed) => listed.id)).toEqual([item.id]);
  });

  it("hands out an item with a secret whose token its environment verifies, and shows it as the SDK types it", async () => {
    const environment = await selfHostedEnvironment();
    const { item, sessionId, agentId } = await enqueue(environment.id);
    expect(item).toMatchObject({ type: "work", environment_id: environment.id, data: { type: "session", id: sessionId }, state: "queued", secret: null });
    const polled = await pollOnce(environment.id);
    expect(polled).toMatchObject({ id: item.id, environment_id: environment.id, data: { type: "session", id: sessionId }, state: "queued" });
    const secret = decodeSecret(polled.secret);
    expect(secret.api_base_url).toBe("http://lucid.test");
    expect(secret.sessions_token).toMatch(new RegExp(`^sk-lucid-${TENANT}\\.${item.id}\\.[0-9a-z]{40}$`));
    expect(await verifies(secret.sessions_token)).toEqual({
      work_id: item.id,
      environment_id: environment.id,
      session_id: sessionId,
      agent_id: agentId,
      memory_stores: [{ memory_store_id: "memstore_aaaaaaaaaaaaaaaaaaaaaaaa", access: "read_only" }],
      state: "queued",
    });
    expect(await verifies(secret.sessions_token.replace(/.$/, (last) => (last === "a" ? "b" : "a")))).toBeNull();
    // Another tenant's name on the same work id and secret proves nothing.
    expect(await verifies(secret.sessions_token.replace(TENANT, "tnt_other"))).toBeNull();
    // The secret is shown to the poll that hands the item out, and never again.
    expect((await work.retrieve(item.id, { environment_id: environment.id })).secret).toBeNull();
  });

  it("takes each work token's requests from its own budget, in the call that proves it", async () => {
    const environment = await selfHostedEnvironment();
    await enqueue(environment.id);
    await enqueue(environment.id);
    const [first, second] = [await pollOnce(environment.id), await pollOnce(environment.id)].map((polled) => decodeSecret(polled.secret).sessions_token);
    expect((await admit(first!, 2))?.admission).toEqual({ admitted: true });
    expect((await admit(first!, 2))?.admission).toEqual({ admitted: true });
    // A minute's allowance of 2 is spent: the next waits for a token to refill (30 s at 2 a minute).
    expect((await admit(first!, 2))?.admission).toEqual({ admitted: false, retryAfterSeconds: 30 });
    // Another item's token has a budget of its own.
    expect((await admit(second!, 2))?.admission).toEqual({ admitted: true });
    // A wrong secret takes nothing from anyone's budget and proves nothing.
    expect(
      await admit(
        second!.replace(/.$/, (last) => (last === "a" ? "b" : "a")),
        2,
      ),
    ).toBeNull();
    expect((await admit(second!, 2))?.admission).toEqual({ admitted: true });
  });

  it("acks an item and holds it under a lease its heartbeats renew", async () => {
    const environment = await selfHostedEnvironment();
    const { item, sessionId } = await enqueue(environment.id);
    const polled = await pollOnce(environment.id);
    const acked = await work.ack(polled.id, { environment_id: environment.id });
    expect(acked).toMatchObject({ state: "starting", acknowledged_at: expect.any(String), started_at: null });
    expect(await environmentOf(env, environment.id).sessionWork(TENANT, sessionId)).toEqual({ work_id: item.id, state: "starting", held: true });

    const first = await work.heartbeat(polled.id, { environment_id: environment.id, expected_last_heartbeat: "NO_HEARTBEAT" });
    expect(first).toEqual({ type: "work_heartbeat", last_heartbeat: expect.any(String), lease_extended: true, state: "active", ttl_seconds: 300 });
    const second = await work.heartbeat(polled.id, { environment_id: environment.id, expected_last_heartbeat: first.last_heartbeat });
    expect(second.lease_extended).toBe(true);
    expect(Date.parse(second.last_heartbeat)).toBeGreaterThan(Date.parse(first.last_heartbeat));
    const retrieved = await work.retrieve(polled.id, { environment_id: environment.id });
    expect(retrieved).toMatchObject({ state: "active", latest_heartbeat_at: second.last_heartbeat, started_at: expect.any(String) });
    // A desired TTL is honoured within Lucid's bounds.
    const longer = await work.heartbeat(polled.id, {
      environment_id: environment.id,
      expected_last_heartbeat: second.last_heartbeat,
      desired_ttl_seconds: 600,
    });
    expect(longer.ttl_seconds).toBe(600);
    const clamped = await work.heartbeat(polled.id, {
      environment_id: environment.id,
      expected_last_heartbeat: longer.last_heartbeat,
      desired_ttl_seconds: 999_999,
    });
    expect(clamped.ttl_seconds).toBe(3600);
    const stub = env.ENVIRONMENT.getByName(environment.id);
    const expiresIn = await runInDurableObject(
      stub,
      (_instance, state) =>
        state.storage.sql.exec<{ ms: number }>("SELECT lease_expires_at - ? AS ms FROM work_items WHERE id = ?", Date.now(), polled.id).one().ms,
    );
    expect(expiresIn).toBeGreaterThan(3590_000);
  });

  it("refuses a heartbeat that does not echo the last one with the SDK's BetaHeartbeatPreconditionFailedError", async () => {
    const environment = await selfHostedEnvironment();
    await enqueue(environment.id);
    const { polled, beat } = await claim(environment.id);
    // A second worker claiming the same lease, and a stale echo.
    for (const expected of ["NO_HEARTBEAT", "2020-01-01T00:00:00.000Z"]) {
      const error = await work.heartbeat(polled.id, { environment_id: environment.id, expected_last_heartbeat: expected }).catch((caught: unknown) => caught);
      expect(error, expected).toBeInstanceOf(BetaHeartbeatPreconditionFailedError);
      expect((error as BetaHeartbeatPreconditionFailedError).status).toBe(412);
      expect((error as BetaHeartbeatPreconditionFailedError).error).toMatchObject({
        type: "error",
        error: {
          details: {
            error_code: "heartbeat_precondition_failed",
            current_state: { state: "active", ttl_seconds: 300, last_heartbeat: beat.last_heartbeat, lease_extended: false },
          },
        },
      });
    }
    // The refused beats changed nothing: the holder's echo still holds.
    await expect(work.heartbeat(polled.id, { environment_id: environment.id, expected_last_heartbeat: beat.last_heartbeat })).resolves.toMatchObject({
      lease_extended: true,
    });
  });

  it("puts an item whose lease lapsed back in the queue for another worker, with a new secret", async () => {
    const environment = await selfHostedEnvironment();
    const { item, sessionId } = await enqueue(environment.id);
    const { polled, beat } = await claim(environment.id);
    const oldToken = decodeSecret(polled.secret).sessions_token;
    await lapseLease(environment.id, item.id);

    expect(await work.retrieve(item.id, { environment_id: environment.id })).toMatchObject({
      state: "queued",
      acknowledged_at: null,
      started_at: null,
      latest_heartbeat_at: null,
    });
    // The worker that lost the lease hears 412 on its next beat (which ends its work), not a 409 it would retry.
    await expect(work.heartbeat(item.id, { environment_id: environment.id, expected_last_heartbeat: beat.last_heartbeat })).rejects.toBeInstanceOf(
      BetaHeartbeatPreconditionFailedError,
    );
    expect(await environmentOf(env, environment.id).sessionWork(TENANT, sessionId)).toEqual({ work_id: item.id, state: "queued", held: false });
    expect(await verifies(oldToken)).toBeNull();
    const again = await pollOnce(environment.id, "worker-2");
    expect(again.id).toBe(item.id);
    const newToken = decodeSecret(again.secret).sessions_token;
    expect(newToken).not.toBe(oldToken);
    expect(await verifies(newToken)).toMatchObject({ work_id: item.id, state: "queued" });
    expect(await verifies(oldToken)).toBeNull();
    // The new worker claims the lease afresh.
    await work.ack(item.id, { environment_id: environment.id });
    await expect(work.heartbeat(item.id, { environment_id: environment.id, expected_last_heartbeat: "NO_HEARTBEAT" })).resolves.toMatchObject({
      state: "active",
    });
  });

  it("reclaims an item handed out but never acked", async () => {
    const environment = await selfHostedEnvironment();
    const { item } = await enqueue(environment.id);
    const first = await pollOnce(environment.id);
    // Within the default 5 s nobody else gets it; a poll that asks for a shorter reclaim does.
    expect(await work.poll(environment.id, { block_ms: 1 })).toBeNull();
    const reclaimed = await work.poll(environment.id, { block_ms: 1, reclaim_older_than_ms: 0 });
    expect(reclaimed?.id).toBe(item.id);
    expect(await verifies(decodeSecret(first.secret).sessions_token)).toBeNull();

    // The alarm does the same once the default has passed.
    const stub = env.ENVIRONMENT.getByName(environment.id);
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("UPDATE work_items SET handed_out_at = ? WHERE id = ?", Date.now() - 6_000, item.id);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await work.stats(environment.id)).toMatchObject({ depth: 1, pending: 0 });
    expect(await verifies(decodeSecret(reclaimed!.secret).sessions_token)).toBeNull();
  });

  it("stops gracefully through the worker's next heartbeat, or at once by force, and never hands a stopped item out", async () => {
    const environment = await selfHostedEnvironment();
    await enqueue(environment.id);
    const { polled, beat } = await claim(environment.id);
    const stopping = await work.stop(polled.id, { environment_id: environment.id });
    expect(stopping).toMatchObject({ state: "stopping", stop_requested_at: expect.any(String), stopped_at: null });
    // The worker learns of it from its next heartbeat; a stopping item's beats are not compared.
    const seen = await work.heartbeat(polled.id, { environment_id: environment.id, expected_last_heartbeat: "NO_HEARTBEAT" });
    expect(seen).toMatchObject({ state: "stopping", lease_extended: true });
    expect(Date.parse(seen.last_heartbeat)).toBeGreaterThan(Date.parse(beat.last_heartbeat));
    // It winds down and stops the item itself, by force.
    const stopped = await work.stop(polled.id, { environment_id: environment.id, force: true });
    expect(stopped).toMatchObject({ state: "stopped", stopped_at: expect.any(String) });
    expect(await work.heartbeat(polled.id, { environment_id: environment.id, expected_last_heartbeat: "anything" })).toMatchObject({
      state: "stopped",
      lease_extended: false,
    });

    // Stopping a stopped item is a conflict the SDK should not retry.
    await expect(work.stop(polled.id, { environment_id: environment.id, force: true })).rejects.toBeInstanceOf(Anthropic.ConflictError);
    const again = await api(`/v1/environments/${environment.id}/work/${polled.id}/stop`, { method: "POST", json: { force: true } });
    expect(again.status).toBe(409);
    expect(again.headers.get("x-should-retry")).toBe("false");

    // Forced stop of a running item, and a graceful stop of one no worker took: both stopped at once, and neither is handed out.
    const { item: forced } = await enqueue(environment.id);
    await claim(environment.id);
    expect(await work.stop(forced.id, { environment_id: environment.id, force: true })).toMatchObject({ state: "stopped" });
    const { item: queued } = await enqueue(environment.id);
    expect(await work.stop(queued.id, { environment_id: environment.id })).toMatchObject({ state: "stopped" });
    expect(await work.poll(environment.id, { block_ms: 100, reclaim_older_than_ms: 0 })).toBeNull();
  });

  it("stops an item whose worker vanished while stopping, when its lease lapses", async () => {
    const environment = await selfHostedEnvironment();
    const { item, sessionId, agentId } = await enqueue(environment.id);
    await claim(environment.id);
    const stopped = await environmentOf(env, environment.id).stopSessionWork(TENANT, sessionId);
    expect(stopped).toMatchObject({ id: item.id, state: "stopping" });
    await lapseLease(environment.id, item.id);
    expect(await work.retrieve(item.id, { environment_id: environment.id })).toMatchObject({ state: "stopped", stopped_at: expect.any(String) });
    expect(await environmentOf(env, environment.id).sessionWork(TENANT, sessionId)).toEqual({ work_id: item.id, state: "stopped", held: false });
    expect(await work.poll(environment.id, { block_ms: 1 })).toBeNull();
    // The session's next input queues a new item.
    const next = await environmentOf(env, environment.id).enqueueSession(TENANT, environment.id, {
      session_id: sessionId,
      agent_id: agentId,
      memory_stores: [],
    });
    expect(next).toMatchObject({ state: "queued", data: { id: sessionId } });
    expect(next.id).not.toBe(item.id);
  });

  it("counts the queue: waiting, handed out, the oldest, and the workers polling", async () => {
    const environment = await selfHostedEnvironment();
    expect(await work.stats(environment.id)).toEqual({ type: "work_queue_stats", depth: 0, pending: 0, oldest_queued_at: null, workers_polling: 0 });
    const { item: oldest } = await enqueue(environment.id);
    await enqueue(environment.id);
    await enqueue(environment.id);
    await pollOnce(environment.id, "worker-a");
    await pollOnce(environment.id, "worker-b");
    expect(await work.stats(environment.id)).toEqual({
      type: "work_queue_stats",
      depth: 1,
      pending: 2,
      oldest_queued_at: oldest.created_at,
      workers_polling: 2,
    });
    await claim(environment.id);
    expect(await work.stats(environment.id)).toMatchObject({ depth: 0, pending: 2 });
  });

  it("lists, retrieves and updates the metadata of work items", async () => {
    const environment = await selfHostedEnvironment();
    const items = [];
    for (let i = 0; i < 3; i++) {
      items.push((await enqueue(environment.id)).item);
      // Lists are newest first by creation time: a millisecond apart, so the order is the order of creation.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const first = await work.list(environment.id, { limit: 2 });
    expect(first.data.map((item) => item.id)).toEqual([items[2]!.id, items[1]!.id]);
    const all = [];
    for await (const item of work.list(environment.id, { limit: 2 })) all.push(item.id);
    expect(all).toEqual(items.map((item) => item.id).reverse());

    const updated = await work.update(items[0]!.id, { environment_id: environment.id, metadata: { host: "build-1", pool: "linux" } });
    expect(updated.metadata).toEqual({ host: "build-1", pool: "linux" });
    const patched = await work.update(items[0]!.id, { environment_id: environment.id, metadata: { pool: null, zone: "eu" } });
    expect(patched.metadata).toEqual({ host: "build-1", zone: "eu" });
    expect(await work.retrieve(items[0]!.id, { environment_id: environment.id })).toMatchObject({
      id: items[0]!.id,
      metadata: { host: "build-1", zone: "eu" },
    });
    // Another id of the same environment: the last character changed (to one it is not).
    const unknown = items[0]!.id.replace(/.$/, (last) => (last === "0" ? "1" : "0"));
    await expect(work.retrieve(unknown, { environment_id: environment.id })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });

  it("has a queue only for a self_hosted environment of the tenant", async () => {
    const cloud = await client.beta.environments.create({ name: "cloud" });
    await expect(work.poll(cloud.id, { block_ms: 1 })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    await expect(work.stats(newEnvironmentId())).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    const invalid = await api(`/v1/environments/${(await selfHostedEnvironment()).id}/work/poll?block_ms=1000`);
    expect(invalid.status).toBe(400);
  });

  it("answers another tenant not found on every work route, and changes nothing", async () => {
    const environment = await selfHostedEnvironment();
    const { item } = await enqueue(environment.id);
    const outsider = (await newTenantClient("outsider")).beta.environments.work;
    const params = { environment_id: environment.id };
    const attempts = [
      () => outsider.list(environment.id),
      () => outsider.poll(environment.id, { block_ms: 1 }),
      () => outsider.stats(environment.id),
      () => outsider.retrieve(item.id, params),
      () => outsider.update(item.id, { ...params, metadata: { taken: "over" } }),
      () => outsider.ack(item.id, params),
      () => outsider.heartbeat(item.id, { ...params, expected_last_heartbeat: "NO_HEARTBEAT" }),
      () => outsider.stop(item.id, { ...params, force: true }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    // Nor does the object take another tenant's word for it.
    const queue = environmentOf(env, environment.id);
    await expect(queue.retrieve("tnt_other", environment.id, item.id)).rejects.toMatchObject({ type: "not_found_error" });
    await expect(
      queue.enqueueSession("tnt_other", environment.id, { session_id: newSessionId(newAgentId()), agent_id: newAgentId(), memory_stores: [] }),
    ).rejects.toMatchObject({ type: "not_found_error" });
    expect(await queue.sessionWork("tnt_other", item.data.id)).toBeNull();
    expect(await work.retrieve(item.id, params)).toMatchObject({ state: "queued", metadata: {} });
    expect(await work.stats(environment.id)).toMatchObject({ depth: 1, pending: 0 });
  });

  it("serves a worker signed in with its environment's key: poll, ack and stats", async () => {
    const environment = await selfHostedEnvironment();
    const created = await api(`/v1/environments/${environment.id}/keys`, { method: "POST" });
    const worker = lucidClient(((await created.json()) as { key: string }).key).beta.environments.work;
    expect(await worker.poll(environment.id, { block_ms: 1 })).toBeNull();
    const { item } = await enqueue(environment.id);
    const polled = await worker.poll(environment.id, { block_ms: 500, "Anthropic-Worker-ID": "keyed-worker" });
    expect(polled?.id).toBe(item.id);
    await expect(worker.ack(item.id, { environment_id: environment.id })).resolves.toMatchObject({ state: "starting" });
    await expect(worker.stats(environment.id)).resolves.toMatchObject({ depth: 0, pending: 0, workers_polling: 1 });
  });

  it("lets a handed-out item's token reach its heartbeat and stop, and refuses it once the item went to another worker", async () => {
    const environment = await selfHostedEnvironment();
    const { item } = await enqueue(environment.id);
    const polled = await pollOnce(environment.id);
    await work.ack(item.id, { environment_id: environment.id });
    const params = { environment_id: environment.id };
    const worker = lucidClient(decodeSecret(polled.secret).sessions_token).beta.environments.work;
    await expect(worker.heartbeat(item.id, { ...params, expected_last_heartbeat: "NO_HEARTBEAT" })).resolves.toMatchObject({ state: "active" });
    // What the token reaches is its item's heartbeat and stop (and its session), nothing else of the queue.
    await expect(worker.retrieve(item.id, params)).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
    await expect(worker.poll(environment.id, { block_ms: 1 })).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);

    await lapseLease(environment.id, item.id);
    await expect(worker.heartbeat(item.id, params)).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    const next = await pollOnce(environment.id, "worker-2");
    const nextWorker = lucidClient(decodeSecret(next.secret).sessions_token).beta.environments.work;
    await expect(worker.stop(item.id, { ...params, force: true })).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    await expect(nextWorker.stop(item.id, { ...params, force: true })).resolves.toMatchObject({ state: "stopped" });
    // A stopped item's token reaches only its stop, which answers that it is stopped already.
    await expect(nextWorker.heartbeat(item.id, params)).rejects.toBeInstanceOf(Anthropic.PermissionDeniedError);
    await expect(nextWorker.stop(item.id, { ...params, force: true })).rejects.toBeInstanceOf(Anthropic.ConflictError);

    // A token for a work id whose environment never had work proves nothing, and creates nothing.
    const unknown = newEnvironmentId();
    const forged = lucidClient(`sk-lucid-${TENANT}.work_${unknown.slice(4)}_aaaaaaaaaaaaaaaa.${"a".repeat(40)}`).beta.environments.work;
    await expect(forged.heartbeat(`work_${unknown.slice(4)}_aaaaaaaaaaaaaaaa`, { environment_id: unknown })).rejects.toBeInstanceOf(
      Anthropic.AuthenticationError,
    );
    expect(await tablesOf(unknown)).toEqual([]);
  });

  it("creates no storage for an environment nothing was enqueued to", async () => {
    const environment = await selfHostedEnvironment();
    const unknown = newEnvironmentId();
    for (const environmentId of [environment.id, unknown]) {
      const queue = environmentOf(env, environmentId);
      const workId = `work_${environmentId.slice(4)}_aaaaaaaaaaaaaaaa`;
      expect(await queue.admitWorkToken(TENANT, workId, "a".repeat(40), 0)).toBeNull();
      expect(await queue.sessionWork(TENANT, newSessionId(newAgentId()))).toBeNull();
      expect(await queue.stopSessionWork(TENANT, newSessionId(newAgentId()))).toBeNull();
      expect(await queue.list(TENANT, environmentId, { limit: 20 })).toEqual({ data: [], next_page: null });
      expect(await queue.poll(TENANT, environmentId, { worker_id: "w", block_ms: 1, api_base_url: "http://lucid.test" })).toBeNull();
      await expect(queue.retrieve(TENANT, environmentId, workId)).rejects.toMatchObject({ type: "not_found_error" });
      await expect(queue.heartbeat(TENANT, environmentId, workId, {})).rejects.toMatchObject({ type: "not_found_error" });
      expect(await tablesOf(environmentId)).toEqual([]);
    }
    expect(await work.list(environment.id)).toMatchObject({ data: [] });
    expect(await work.stats(environment.id)).toMatchObject({ depth: 0 });
    await expect(work.retrieve(`work_${unknown.slice(4)}_aaaaaaaaaaaaaaaa`, { environment_id: unknown })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    expect(await tablesOf(environment.id)).toEqual([]);
    expect(await tablesOf(unknown)).toEqual([]);
  });
});
