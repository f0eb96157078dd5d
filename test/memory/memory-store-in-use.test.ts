// An agent's current memory store cannot be archived or deleted from under it (its later sessions and deployment runs
// would fail); the refusal names the agent, and the agent can be repointed explicitly (Lucid extension of agent update).
import Anthropic from "@anthropic-ai/sdk";
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { parseApiKey } from "../../src/directory/api-key-secret";
import { createAgent, newTenantClient } from "../fixtures/lucid";

type LucidAgent = Anthropic.Beta.Agents.BetaManagedAgentsAgent & { memory_store_id: string | null };

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Anthropic.APIError);
  return error as InstanceType<typeof Anthropic.APIError>;
}

/** `POST /v1/agents/{id}` with Lucid's `memory_store_id`. */
async function repoint(client: Anthropic, agentId: string, storeId: string): Promise<LucidAgent> {
  return (await client.beta.agents.update(agentId, { memory_store_id: storeId } as unknown as Anthropic.Beta.AgentUpdateParams)) as LucidAgent;
}

const pinsOf = (storeId: string) =>
  runInDurableObject(env.MEMORY_STORE.getByName(storeId), (_instance, state) =>
    state.storage.sql
      .exec<{ agent_id: string }>("SELECT agent_id FROM agent_pins")
      .toArray()
      .map((row) => row.agent_id),
  );

describe("an agent's current memory store", () => {
  it("is refused archive and delete with invalid_request_error naming the agent, and changes nothing", async () => {
    const client = await newTenantClient("in use");
    const agent = (await createAgent(client)) as LucidAgent;
    const storeId = agent.memory_store_id!;
    for (const attempt of [() => client.beta.memoryStores.archive(storeId), () => client.beta.memoryStores.delete(storeId)]) {
      const error = await refusal(attempt());
      expect(error.status).toBe(400);
      expect(error.error).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
      expect(error.message).toContain(`Memory store '${storeId}' is the current memory of agent '${agent.id}'`);
      expect(error.message).toContain("POST /v1/agents/{id} with memory_store_id");
    }
    expect(await client.beta.memoryStores.retrieve(storeId)).toMatchObject({ id: storeId, archived_at: null });
  });

  it("can be replaced explicitly: the agent is repointed, and the store it left may then go", async () => {
    const client = await newTenantClient("repoint");
    const agent = (await createAgent(client)) as LucidAgent;
    const original = agent.memory_store_id!;
    const replacement = await client.beta.memoryStores.create({ name: "replacement" });

    const repointed = await repoint(client, agent.id, replacement.id);
    expect(repointed.memory_store_id).toBe(replacement.id);
    expect(repointed.version).toBe(agent.version);
    expect(((await client.beta.agents.retrieve(agent.id)) as LucidAgent).memory_store_id).toBe(replacement.id);
    expect(await pinsOf(replacement.id)).toEqual([agent.id]);
    expect(await pinsOf(original)).toEqual([]);

    expect((await refusal(client.beta.memoryStores.delete(replacement.id))).message).toContain(`agent '${agent.id}'`);
    expect(await client.beta.memoryStores.archive(original)).toMatchObject({ id: original });
    await expect(client.beta.memoryStores.delete(original)).resolves.toEqual({ id: original, type: "memory_store_deleted" });
    // The rollback target is gone: rolling back is refused, and the agent keeps its store.
    const rollback = await refusal(client.post(`/v1/agents/${agent.id}/memory/rollback`));
    expect(rollback.status).toBe(400);
    expect(rollback.message).toContain(`cannot roll back to memory store '${original}'`);
    expect(((await client.beta.agents.retrieve(agent.id)) as LucidAgent).memory_store_id).toBe(replacement.id);
  });

  it("may be repointed only at an unarchived store of the agent's own tenant", async () => {
    const client = await newTenantClient("repoint checks");
    const stranger = await newTenantClient("stranger");
    const agent = (await createAgent(client)) as LucidAgent;
    const archived = await client.beta.memoryStores.create({ name: "old" });
    await client.beta.memoryStores.archive(archived.id);
    const theirs = await stranger.beta.memoryStores.create({ name: "theirs" });

    const toArchived = await refusal(repoint(client, agent.id, archived.id));
    expect(toArchived.status).toBe(400);
    expect(toArchived.message).toContain(`Memory store '${archived.id}' is archived`);
    expect((await refusal(repoint(client, agent.id, theirs.id))).status).toBe(404);
    expect((await refusal(repoint(client, agent.id, "memstore_000000000000000000000000"))).status).toBe(404);
    expect(((await client.beta.agents.retrieve(agent.id)) as LucidAgent).memory_store_id).toBe(agent.memory_store_id);
    // A refused repoint changes nothing else sent with it either.
    const withName = await refusal(
      client.beta.agents.update(agent.id, { name: "renamed", memory_store_id: archived.id } as unknown as Anthropic.Beta.AgentUpdateParams),
    );
    expect(withName.status).toBe(400);
    expect((await client.beta.agents.retrieve(agent.id)).name).toBe(agent.name);
  });

  it("is never deleted by a delete that races the repoint adopting it: one of the two is refused", async () => {
    const client = await newTenantClient("race");
    const agent = (await createAgent(client)) as LucidAgent;
    for (let round = 0; round < 8; round++) {
      const store = await client.beta.memoryStores.create({ name: `contested ${round}` });
      const [moved, deleted] = await Promise.allSettled([repoint(client, agent.id, store.id), client.beta.memoryStores.delete(store.id)]);
      const current = ((await client.beta.agents.retrieve(agent.id)) as LucidAgent).memory_store_id!;
      if (moved.status === "fulfilled") {
        // The repoint won: the delete was refused, naming the agent.
        expect(deleted.status, `round ${round}`).toBe("rejected");
        expect((deleted as PromiseRejectedResult).reason).toMatchObject({ status: 400, message: expect.stringContaining(`agent '${agent.id}'`) });
        expect(current).toBe(store.id);
      } else {
        // The delete won: the repoint found no store, and the agent kept the one it had.
        expect(moved.reason, `round ${round}`).toMatchObject({ status: 404 });
        expect(deleted.status).toBe("fulfilled");
        expect(current).not.toBe(store.id);
      }
      // Either way, the agent's store exists: its sessions can still attach it.
      await expect(client.beta.memoryStores.retrieve(current)).resolves.toMatchObject({ id: current, archived_at: null });
    }
  });

  it("counts as used from the moment a move pins it, before the agent's pointer is written", async () => {
    const client = await newTenantClient("mid-move");
    const tenantId = parseApiKey(client.apiKey!)!.tenantId;
    const agent = (await createAgent(client)) as LucidAgent;
    const next = await client.beta.memoryStores.create({ name: "next" });
    await runInDurableObject(env.AGENT.getByName(agent.id), async (instance, state) => {
      const pointer = () => state.storage.sql.exec<{ memory_store_id: string }>("SELECT memory_store_id FROM agent").one().memory_store_id;
      const moving = instance.rpc.updateAgent(tenantId, agent.id, { memory_store_id: next.id });
      // Let the move start: it is then waiting on the store's pin, which needs I/O, so its pointer cannot have moved.
      for (let step = 0; step < 20; step++) await Promise.resolve();
      expect(pointer()).toBe(agent.memory_store_id);
      expect(instance.rpc.usesMemoryStore(tenantId, next.id)).toBe(true);
      await moving;
      expect(pointer()).toBe(next.id);
      expect(instance.rpc.usesMemoryStore(tenantId, next.id)).toBe(true);
      expect(instance.rpc.usesMemoryStore(tenantId, agent.memory_store_id!)).toBe(false);
    });
  });

  it("is free to go once its agent is archived", async () => {
    const client = await newTenantClient("archived agent");
    const agent = (await createAgent(client)) as LucidAgent;
    await client.beta.agents.archive(agent.id);
    expect(await pinsOf(agent.memory_store_id!)).toEqual([]);
    await expect(client.beta.memoryStores.delete(agent.memory_store_id!)).resolves.toMatchObject({ type: "memory_store_deleted" });
  });

  it("is protected for agents from before pins (found through the tenant's listings), and a stale pin does not block", async () => {
    const client = await newTenantClient("legacy");
    const agent = (await createAgent(client)) as LucidAgent;
    const storeId = agent.memory_store_id!;
    // As an agent created before pins existed: its store holds no pin.
    await runInDurableObject(env.MEMORY_STORE.getByName(storeId), (_instance, state) => {
      state.storage.sql.exec("DELETE FROM agent_pins");
    });
    expect((await refusal(client.beta.memoryStores.archive(storeId))).message).toContain(`agent '${agent.id}'`);

    // A pin left by a move cut off before it pointed (a crash): the agent, asked, disowns it, and the pin is dropped.
    const other = await client.beta.memoryStores.create({ name: "other" });
    await runInDurableObject(env.MEMORY_STORE.getByName(other.id), (_instance, state) => {
      state.storage.sql.exec("INSERT INTO agent_pins (agent_id) VALUES (?)", agent.id);
    });
    expect(await client.beta.memoryStores.archive(other.id)).toMatchObject({ id: other.id });
    expect(await pinsOf(other.id)).toEqual([]);
  });
});
