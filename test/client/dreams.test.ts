// The client's agents and dreams: a dream started on request, held for review, then approved (in part) or rejected;
// memory rollback; dreaming settings; whole-agent archives.
import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Dream, LucidClient } from "../../client/index";
import { lucidClient } from "../fixtures/lucid";
import { exportAgent, runWorkaroundSession } from "../fixtures/workaround-sessions";
import { newTenant, testClient } from "./client-fixtures";

const sdk = lucidClient();
const lucid = testClient();

/** An agent in review mode with three sessions that share one workaround, so its dream proposes one playbook. */
async function reviewedAgent() {
  const agent = await exportAgent(sdk, { dreaming: { mode: "review" } });
  for (const file of ["lease.docx", "nda.docx", "offer.docx"]) await runWorkaroundSession(sdk, agent.id, file);
  return lucid.agents.retrieve(agent.id);
}

async function waitForDream(client: LucidClient, dreamId: string, until: (dream: Dream) => boolean): Promise<Dream> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const dream = await client.dreams.retrieve(dreamId);
    if (until(dream)) return dream;
    if (dream.status === "failed" || Date.now() > deadline) throw new Error(`dream ${dream.status}/${dream.phase}: ${JSON.stringify(dream.error)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("dreams through the client", () => {
  it("holds a dream for review, applies the approved and edited operation, and rolls the agent's memory back", async () => {
    const agent = await reviewedAgent();
    const started = await lucid.agents.dream(agent.id);
    expect(started).toMatchObject({ type: "dream", agent_id: agent.id, mode: "review" });
    const held = await waitForDream(lucid, started.id, (dream) => dream.phase === "awaiting_review");
    expect(held).toMatchObject({ status: "running", review: { state: "pending" } });
    const operation = held.changeset!.operations[0]!;

    const edited = "1. Convert the DOCX first (convert_first: true).\n2. Then export.";
    const approved = await lucid.dreams.approve(held.id, { operation_ids: [operation.id], edits: [{ operation_id: operation.id, content: edited }] });
    expect(approved.review).toMatchObject({
      state: "approved",
      approved_operation_ids: [operation.id],
      edits: [{ operation_id: operation.id, content: edited }],
    });
    const done = await waitForDream(lucid, held.id, (dream) => dream.status === "completed");
    const output = done.outputs[0]!.memory_store_id;
    const moved = await lucid.agents.retrieve(agent.id);
    expect(moved.memory_store_id).toBe(output);
    expect(moved.dream_status.last_dream_id).toBe(done.id);

    const rolledBack = await lucid.agents.rollbackMemory(agent.id);
    expect(rolledBack.memory_store_id).toBe(agent.memory_store_id);

    const listed = [];
    for await (const dream of lucid.dreams.list({ statuses: ["completed"], limit: 100 })) listed.push(dream.id);
    expect(listed).toContain(done.id);
  });

  it("rejects a held changeset, leaving the agent's memory as it was", async () => {
    const agent = await reviewedAgent();
    const held = await waitForDream(lucid, (await lucid.agents.dream(agent.id)).id, (dream) => dream.phase === "awaiting_review");
    const rejected = await lucid.dreams.reject(held.id);
    expect(rejected).toMatchObject({ status: "canceled", outputs: [], review: { state: "rejected" } });
    expect((await lucid.agents.retrieve(agent.id)).memory_store_id).toBe(agent.memory_store_id);
    await expect(lucid.dreams.approve(held.id)).rejects.toMatchObject({ status: 400, type: "invalid_request_error" });

    const ofAgent = async (agentId: string) => {
      const ids = [];
      for await (const dream of lucid.dreams.list({ agent_id: agentId })) ids.push(dream.id);
      return ids;
    };
    expect(await ofAgent(agent.id)).toEqual([held.id]);
    expect(await ofAgent((await exportAgent(sdk)).id)).toEqual([]);
  });
});

describe("agents through the client", () => {
  it("changes dreaming settings, guarded by the version read", async () => {
    const agent = await lucid.agents.retrieve((await exportAgent(sdk)).id);
    const updated = await lucid.agents.updateDreaming(agent.id, { version: agent.version, dreaming: { enabled: true, mode: "auto" } });
    expect(updated.dreaming).toMatchObject({ enabled: true, mode: "auto" });
    expect(updated.version).toBe(agent.version + 1);
    await expect(lucid.agents.updateDreaming(agent.id, { version: agent.version, dreaming: { enabled: false } })).rejects.toMatchObject({ status: 409 });
  });

  it("exports an agent as NDJSON and imports it back after the deployment lost it", async () => {
    const { key, tenantId, lucid: tenant } = await newTenant("archive");
    const agent = await tenant.agents.retrieve((await exportAgent(lucidClient(key))).id);
    const archive = await tenant.agents.export(agent.id);
    expect(JSON.parse(archive.split("\n")[0]!)).toMatchObject({ type: "lucid.agent_archive", agent_id: agent.id });

    await loseAgent(tenantId, agent.id, agent.memory_store_id!);
    await expect(tenant.agents.retrieve(agent.id)).rejects.toMatchObject({ status: 404 });
    expect(await tenant.agents.import(archive)).toMatchObject({ type: "agent_import", agent_id: agent.id });
    expect(await tenant.agents.retrieve(agent.id)).toEqual(agent);
  });
});

/** Wipes an agent and its memory store, and their listings, as a lost database would (see test/recovery/agent-archive.test.ts). */
async function loseAgent(tenantId: string, agentId: string, storeId: string) {
  for (const stub of [env.AGENT.getByName(agentId), env.MEMORY_STORE.getByName(storeId)]) {
    await runInDurableObject(stub, (_instance, state) => state.storage.deleteAll());
  }
  await runInDurableObject(env.DIRECTORY.getByName(tenantId), (_instance, state) => {
    for (const id of [agentId, storeId]) state.storage.sql.exec("DELETE FROM listings WHERE id = ?", id);
  });
  await abortAllDurableObjects();
}
