// What emits webhooks: the emit function (deduplicated by occurrence), agents, memory stores, sessions and dreams.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { WebhookEvent } from "../../src/schemas/webhook-event";
import { emitWebhookEvent } from "../../src/webhooks/emit";
import { createAgent, lucidClient, startSession, waitForStatus } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";
import { exportAgent, runWorkaroundSession } from "../fixtures/workaround-sessions";
import { createEndpoint, deliveries, newInbox, newTenantKey, receivedAtLeast, receivedEvents } from "../fixtures/webhooks";
import { eventually } from "../fixtures/polling";

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe("emitWebhookEvent", () => {
  it("delivers an occurrence once per endpoint however often it is emitted, with the same event id", async () => {
    const apiKey = await newTenantKey();
    const [inboxA, inboxB] = [newInbox("emit-a"), newInbox("emit-b")];
    const endpointA = await createEndpoint(inboxA, ["deployment_run.succeeded"], apiKey);
    await createEndpoint(inboxB, ["deployment_run.succeeded", "deployment_run.failed"], apiKey);
    await createAgent(lucidClient(apiKey)); // an agent.created no endpoint subscribes to
    const tenantId = await tenantOf(apiKey);
    const run = { type: "deployment_run.succeeded" as const, id: "drun_1", deployment_id: "depl_1" };
    await emitWebhookEvent(env, tenantId, run, "drun_1:succeeded");
    await emitWebhookEvent(env, tenantId, run, "drun_1:succeeded");
    await emitWebhookEvent(env, tenantId, { ...run, id: "drun_2" }, "drun_2:succeeded");
    await receivedAtLeast(inboxA, 2);
    await receivedAtLeast(inboxB, 2);
    await settle();
    for (const inbox of [inboxA, inboxB]) {
      const events = await receivedEvents(inbox);
      expect(events.map((event) => event.data.id).sort()).toEqual(["drun_1", "drun_2"]);
      expect(events[0]).toMatchObject({ type: "event", data: { type: "deployment_run.succeeded", organization_id: tenantId, workspace_id: tenantId } });
    }
    const idsA = (await receivedEvents(inboxA)).map((event) => event.id).sort();
    expect((await receivedEvents(inboxB)).map((event) => event.id).sort()).toEqual(idsA);
    expect(await deliveries(endpointA.id, apiKey)).toHaveLength(2);
  });
});

/** A tenant id, learned from the agent.created event its first agent emits to a catch-all endpoint. */
async function tenantOf(apiKey: string): Promise<string> {
  const inbox = newInbox("tenant-of");
  await createEndpoint(inbox, ["memory_store.created"], apiKey);
  await createAgent(lucidClient(apiKey));
  const [first] = await receivedAtLeast(inbox, 1);
  return (JSON.parse(first!.body) as WebhookEvent).data.organization_id;
}

describe("webhooks emitted by Lucid", () => {
  it("announces an agent's creation, update and archival, and its memory store's", async () => {
    const apiKey = await newTenantKey();
    const client = lucidClient(apiKey);
    const inbox = newInbox("lifecycle");
    await createEndpoint(inbox, ["agent.created", "agent.updated", "agent.archived", "memory_store.created", "memory_store.archived"], apiKey);
    const agent = await createAgent(client);
    await client.beta.agents.update(agent.id, { version: agent.version, name: "Renamed" });
    await client.beta.agents.archive(agent.id);
    const store = await client.beta.memoryStores.create({ name: "notes" });
    await client.beta.memoryStores.archive(store.id);
    await receivedAtLeast(inbox, 6);
    await settle();
    const events = await receivedEvents(inbox);
    const seen = events.map((event) => `${event.data.type} ${event.data.id.split("_")[0]}`).sort();
    expect(seen).toEqual([
      "agent.archived agent",
      "agent.created agent",
      "agent.updated agent",
      "memory_store.archived memstore",
      "memory_store.created memstore",
      "memory_store.created memstore",
    ]);
    expect(events.filter((event) => event.data.type.startsWith("agent.")).every((event) => event.data.id === agent.id)).toBe(true);
    expect(events.find((event) => event.data.type === "memory_store.archived")!.data.id).toBe(store.id);
  });

  it("sends exactly one session.status_idled per endpoint when a session finishes, and one run_started", async () => {
    const apiKey = await newTenantKey();
    const client = lucidClient(apiKey);
    const [inboxA, inboxB] = [newInbox("idled-a"), newInbox("idled-b")];
    await createEndpoint(inboxA, ["session.status_idled", "session.status_run_started", "session.status_terminated"], apiKey);
    await createEndpoint(inboxB, ["session.status_idled"], apiKey);
    const agent = await createAgent(client);
    await scriptReplies(agent.id, [textReply("Done.")]);
    const session = await startSession(client, agent.id, "Draft it.");
    await waitForStatus(client, session.id, ["idle"]);
    await receivedAtLeast(inboxA, 2);
    await receivedAtLeast(inboxB, 1);
    await settle();
    const typesA = (await receivedEvents(inboxA)).map((event) => event.data.type).sort();
    expect(typesA).toEqual(["session.status_idled", "session.status_run_started"]);
    const eventsB = await receivedEvents(inboxB);
    expect(eventsB).toHaveLength(1);
    expect(eventsB[0]!.data).toMatchObject({ type: "session.status_idled", id: session.id });
  });

  it("announces a completed dream with its agent, and nothing for the dream's progress session", async () => {
    const apiKey = await newTenantKey();
    const client = lucidClient(apiKey);
    const inbox = newInbox("dream");
    const agent = await exportAgent(client, { dreaming: { mode: "auto" } });
    await runWorkaroundSession(client, agent.id, "lease.docx");
    await createEndpoint(inbox, ["dream.completed", "dream.failed", "dream.pending_review", "session.status_idled", "session.status_run_started"], apiKey);
    const dream = (await client.post(`/v1/agents/${agent.id}/dream`)) as { id: string };
    const events = await eventually(
      async () => {
        const list = await receivedEvents(inbox);
        return list.some((event) => event.data.type === "dream.completed") ? list : undefined;
      },
      "dream.completed",
      20_000,
    );
    expect(events.find((event) => event.data.type === "dream.completed")!.data).toMatchObject({ id: dream.id, agent_id: agent.id, status: "completed" });
    expect(events.filter((event) => event.data.type.startsWith("session.")).map((event) => event.data.id)).not.toContain(`sesn_${dream.id}`);
    expect(events.filter((event) => event.data.type.startsWith("dream."))).toHaveLength(1);
  });

  it("keeps no event that no endpoint subscribes to", async () => {
    const apiKey = await newTenantKey();
    const client = lucidClient(apiKey);
    const tenantId = /^sk-lucid-(tnt_[0-9a-z]+)\./.exec(apiKey)![1]!;
    const agent = await createAgent(client);
    await scriptReplies(agent.id, [textReply("Done.")]);
    const session = await startSession(client, agent.id, "Go.");
    await waitForStatus(client, session.id, ["idle"]);
    await settle();
    const kept = await runInDurableObject(
      env.DIRECTORY.getByName(tenantId),
      (_instance, state) => state.storage.sql.exec("SELECT COUNT(*) AS n FROM webhook_events").one().n,
    );
    expect(kept).toBe(0);
  });
});
